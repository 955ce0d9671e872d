with

driver_diagram as (
    select * from {{ ref('stg_improvement__driver_diagram') }}
),

final as (
    select
        change_idea_id,
        change_idea,
        secondary_driver_id,
        secondary_driver,
        primary_driver_id,
        primary_driver,
        aim_id,
        aim
    from driver_diagram
)

select * from final
