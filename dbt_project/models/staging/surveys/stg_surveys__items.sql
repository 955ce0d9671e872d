with

source as (
    select * from {{ source('raw', 'survey_items') }}
),

renamed as (
    select
        cast(item_id as {{ dbt.type_string() }}) as item_id,
        cast(survey_name as {{ dbt.type_string() }}) as survey_name,
        lower(trim(respondent_type)) as respondent_type,
        lower(trim(construct)) as construct,
        cast(item_text as {{ dbt.type_string() }}) as item_text,
        cast(scale_min as integer) as scale_min,
        cast(scale_max as integer) as scale_max,
        cast(favourable_threshold as double precision) as favourable_threshold,
        cast(reverse_coded as boolean) as reverse_coded
    from source
)

select * from renamed
