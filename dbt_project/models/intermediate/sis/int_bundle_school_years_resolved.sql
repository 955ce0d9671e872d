{#- The school year of each OneRoster bundle: its academicSessions row of type schoolYear
    (if a bundle lists several, the latest-starting one). -#}
with

sessions as (
    select * from {{ ref('stg_sis__academic_sessions') }}
),

school_year_sessions as (
    select
        bundle_id,
        session_id,
        school_year,
        start_date,
        end_date,
        loaded_at,
        row_number() over (
            partition by bundle_id
            order by start_date desc, session_id asc
        ) as session_rank
    from sessions
    where
        session_type = 'schoolYear'
        and coalesce(record_status, 'active') <> 'tobedeleted'
),

final as (
    select
        bundle_id,
        session_id as school_year_session_id,
        school_year,
        start_date as school_year_start_date,
        end_date as school_year_end_date,
        loaded_at as bundle_loaded_at
    from school_year_sessions
    where session_rank = 1
)

select * from final
