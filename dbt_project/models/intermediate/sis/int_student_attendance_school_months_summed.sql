{#- A student's attendance at a school in a "school month": a block of 20 consecutive school days of
    the district calendar (days with any attendance record), numbered 1, 2, ... within the school
    year. Only full blocks are kept; the last days of a year that do not fill one are left out.
    Why not calendar months: chronic absence compares whole days absent with a share of days
    enrolled, so its monthly form jumps with the month's length (at 10 %, 20 days need 2 absences
    but 21 days need 3, and a 5-day June needs 1), which a control chart would report as special
    causes every year. Blocks of equal length make the months comparable.
    Incremental (macros/incremental_partitions.sql): a changed delivery rebuilds, in each school year
    its new and replaced rows fall in, the blocks ending on or after the first day of the earliest
    month it changed. The blocks before are made of earlier days only, so their numbers and rows
    stand; the whole year's days are still numbered. A new month at 100k students: 1.0 -> 0.1 s of
    query, and 100k rows written instead of 900k.
    School days are read apart from `attendance`: DuckDB materializes a CTE that is read twice, and
    that one holds every daily record (10 GB spilled to disk at 100k students). -#}
{{ partitioned_incremental('attendance', 'school_month_end_date', 'months_onward', on_schema_change='fail') }}
{%- set school_month_days = 20 -%}
{%- set in_rebuilt_years = incremental_partition_predicate('attendance', 'school_year', 'school_year') -%}
{%- set in_rebuilt_blocks = incremental_partition_predicate('attendance', 'school_month_end_date', 'months_onward') -%}
with

attendance as (
    select * from {{ ref('int_daily_attendance_deduplicated') }}
    where {{ in_rebuilt_years }}
),

school_days as (
    select distinct
        school_year,
        attendance_date
    from {{ ref('int_daily_attendance_deduplicated') }}
    where {{ in_rebuilt_years }}
),

numbered_days as (
    select
        school_year,
        attendance_date,
        cast(floor(
            cast(row_number() over (partition by school_year order by attendance_date) - 1 as double precision)
            / {{ school_month_days }}
        ) as integer) + 1 as school_month_number
    from school_days
),

school_months as (
    select
        school_year,
        school_month_number,
        min(attendance_date) as school_month_start_date,
        max(attendance_date) as school_month_end_date,
        count(*) as n_school_days
    from numbered_days
    group by
        school_year,
        school_month_number
),

rebuilt_months as (
    select *
    from school_months
    where
        n_school_days = {{ school_month_days }}
        and {{ in_rebuilt_blocks }}
),

-- The days of the rebuilt blocks only: DuckDB passes their range to the scan of `attendance`.
rebuilt_days as (
    select numbered_days.*
    from numbered_days
    inner join rebuilt_months
        on
            numbered_days.school_year = rebuilt_months.school_year
            and numbered_days.school_month_number = rebuilt_months.school_month_number
),

-- Grouped by the student key as a number (macros/student_key.sql): at a million students the text
-- key ran out of memory.
summed as (
    select
        {{ student_key_as_number('attendance.student_key') }} as student_key_number,
        attendance.school_id,
        rebuilt_days.school_year,
        rebuilt_days.school_month_number,
        count(*) as days_enrolled,
        sum(case when attendance.is_absent then 1 else 0 end) as days_absent
    from attendance
    inner join rebuilt_days
        on
            attendance.school_year = rebuilt_days.school_year
            and attendance.attendance_date = rebuilt_days.attendance_date
    group by
        {{ student_key_as_number('attendance.student_key') }},
        attendance.school_id,
        rebuilt_days.school_year,
        rebuilt_days.school_month_number
),

final as (
    select
        cast({{ student_key_from_number('summed.student_key_number') }} as text) as student_key,
        summed.school_id,
        cast(summed.school_year as integer) as school_year,
        cast(summed.school_month_number as integer) as school_month_number,
        cast(rebuilt_months.school_month_start_date as date) as school_month_start_date,
        cast(rebuilt_months.school_month_end_date as date) as school_month_end_date,
        cast(summed.days_enrolled as integer) as days_enrolled,
        cast(summed.days_absent as integer) as days_absent
    from summed
    inner join rebuilt_months
        on
            summed.school_year = rebuilt_months.school_year
            and summed.school_month_number = rebuilt_months.school_month_number
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by school_year
