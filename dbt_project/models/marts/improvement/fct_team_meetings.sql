with

meetings as (
    select * from {{ ref('stg_improvement__team_meetings') }}
),

final as (
    select
        meeting_id,
        team_id,
        school_id,
        meeting_date,
        cast({{ school_year_of('meeting_date') }} as integer) as school_year,
        minutes_total,
        minutes_improvement,
        -- safe_divide() casts to dbt.type_float(), which is 4-byte float on DuckDB
        cast(minutes_improvement as double precision)
        / nullif(cast(minutes_total as double precision), 0) as improvement_share
    from meetings
)

select * from final
