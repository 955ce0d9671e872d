with

items as (
    select * from {{ ref('stg_surveys__items') }}
),

final as (
    select
        item_id,
        survey_name,
        construct,
        respondent_type,
        item_text,
        scale_min,
        scale_max,
        favourable_threshold,
        reverse_coded
    from items
)

select * from final
