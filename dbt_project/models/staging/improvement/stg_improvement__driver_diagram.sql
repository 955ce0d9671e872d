with

source as (
    select * from {{ source('raw', 'driver_diagram') }}
),

renamed as (
    select
        cast(change_idea_id as {{ dbt.type_string() }}) as change_idea_id,
        cast(change_idea as {{ dbt.type_string() }}) as change_idea,
        cast(secondary_driver_id as {{ dbt.type_string() }}) as secondary_driver_id,
        cast(secondary_driver as {{ dbt.type_string() }}) as secondary_driver,
        cast(primary_driver_id as {{ dbt.type_string() }}) as primary_driver_id,
        cast(primary_driver as {{ dbt.type_string() }}) as primary_driver,
        cast(aim_id as {{ dbt.type_string() }}) as aim_id,
        cast(aim as {{ dbt.type_string() }}) as aim
    from source
)

select * from renamed
