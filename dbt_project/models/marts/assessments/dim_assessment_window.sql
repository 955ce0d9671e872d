with

windows as (
    select * from {{ ref('int_assessment_windows_ordered') }}
),

final as (
    select
        window_id,
        school_year,
        window_name,
        window_order,
        start_date,
        end_date,
        window_source
    from windows
)

select * from final
