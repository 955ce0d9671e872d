with

source as (
    select * from {{ source('raw', 'team_meetings') }}
),

renamed as (
    select
        cast(meeting_id as {{ dbt.type_string() }}) as meeting_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(school_id as {{ dbt.type_string() }}) as school_id,
        cast(meeting_date as date) as meeting_date,
        cast(minutes_total as integer) as minutes_total,
        cast(minutes_improvement as integer) as minutes_improvement
    from source
)

select * from renamed
