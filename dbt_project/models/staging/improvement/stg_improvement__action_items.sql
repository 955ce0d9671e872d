with

source as (
    select * from {{ source('raw', 'action_items') }}
),

renamed as (
    select
        cast(action_item_id as {{ dbt.type_string() }}) as action_item_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(meeting_id as {{ dbt.type_string() }}) as meeting_id,
        cast(description as {{ dbt.type_string() }}) as description,
        cast(created_date as date) as created_date,
        cast(due_date as date) as due_date,
        cast(completed_date as date) as completed_date
    from source
)

select * from renamed
