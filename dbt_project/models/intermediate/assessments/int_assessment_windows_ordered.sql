{#- Assessment windows from the district calendar, plus any window a MAP export names that the
    calendar lacks (dated by its first and last test), numbered 1..n within each school year
    by start date. -#}
with

calendar_windows as (
    select * from {{ ref('stg_assessments__windows') }}
),

map_results as (
    select * from {{ ref('stg_assessments__map_results') }}
),

map_windows as (
    select
        map_results.window_id,
        min(map_results.school_year) as school_year,
        min(map_results.window_name) as window_name,
        min(map_results.assessment_date) as start_date,
        max(map_results.assessment_date) as end_date
    from map_results
    left join calendar_windows
        on map_results.window_id = calendar_windows.window_id
    where calendar_windows.window_id is null
    group by map_results.window_id
),

unioned as (
    select
        window_id,
        school_year,
        window_name,
        start_date,
        end_date,
        'calendar' as window_source
    from calendar_windows

    union all

    select
        window_id,
        school_year,
        window_name,
        start_date,
        end_date,
        'map_results' as window_source
    from map_windows
),

ordered as (
    select
        window_id,
        school_year,
        window_name,
        cast(row_number() over (
            partition by school_year
            order by start_date, end_date, window_id
        ) as integer) as window_order,
        start_date,
        end_date,
        window_source
    from unioned
)

select * from ordered
