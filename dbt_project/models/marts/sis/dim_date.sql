{#- Every day from the first school year's first day to the last school year's last day.
    The series spans a fixed wide range (DuckDB allows no subqueries in table-function arguments)
    and the bounds filter trims it. It is the duckdb__date_series body, inlined: generate_series over
    timestamps works on DuckDB and PostgreSQL alike, and the date_series macro's adapter.dispatch
    cannot be rendered by sqlfluff's jinja templater. -#}
with

school_years as (
    select * from {{ ref('int_school_years_bounded') }}
),

attendance as (
    select * from {{ ref('int_daily_attendance_deduplicated') }}
),

bounds as (
    select
        min(start_date) as first_day,
        max(end_date) as last_day
    from school_years
),

all_days as (
    select cast(series.date_day as date) as date_day
    from generate_series(cast('1990-01-01' as timestamp), cast('2100-12-31' as timestamp), interval '1 day') as series (date_day)
),

days as (
    select all_days.date_day
    from all_days
    inner join bounds
        on all_days.date_day between bounds.first_day and bounds.last_day
),

school_days as (
    select distinct attendance_date
    from attendance
),

final as (
    select
        cast(days.date_day as date) as date_day,
        cast({{ school_year_of('days.date_day') }} as integer) as school_year,
        cast(extract(year from days.date_day) as integer) as calendar_year,
        cast(extract(month from days.date_day) as integer) as calendar_month,
        cast({{ dbt.date_trunc('month', 'days.date_day') }} as date) as month_start_date,
        cast(extract(isodow from days.date_day) as integer) as iso_day_of_week,
        coalesce(cast(extract(isodow from days.date_day) as integer) in (6, 7), false) as is_weekend,
        coalesce(school_years.school_year is not null, false) as is_in_school_year,
        coalesce(school_days.attendance_date is not null, false) as is_school_day
    from days
    left join school_years
        on days.date_day between school_years.start_date and school_years.end_date
    left join school_days
        on days.date_day = school_days.attendance_date
)

select * from final
