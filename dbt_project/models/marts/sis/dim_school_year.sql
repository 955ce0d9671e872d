with

school_years as (
    select * from {{ ref('int_school_years_bounded') }}
),

attendance as (
    select * from {{ ref('int_daily_attendance_deduplicated') }}
),

school_days as (
    select
        school_year,
        count(distinct attendance_date) as n_school_days
    from attendance
    group by school_year
),

final as (
    select
        cast(school_years.school_year as integer) as school_year,
        cast(
            cast(school_years.school_year - 1 as text) || '-' || cast(school_years.school_year as text) as text
        ) as school_year_label,
        cast(school_years.start_date as date) as start_date,
        cast(school_years.end_date as date) as end_date,
        cast({{ days_between('school_years.start_date', 'school_years.end_date') }} + 1 as integer) as n_calendar_days,
        cast(coalesce(school_days.n_school_days, 0) as integer) as n_school_days
    from school_years
    left join school_days
        on school_years.school_year = school_days.school_year
)

select * from final
