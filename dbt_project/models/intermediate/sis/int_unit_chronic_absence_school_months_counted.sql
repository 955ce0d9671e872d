{#- Students enrolled and chronically absent at each school and in the district in a school month
    (a block of 20 school days, int_student_attendance_school_months_summed): the counts the
    chronic-absence p chart (mart_spc_chronic_absence_monthly) plots. A student enrolled in the block
    is chronically absent in it when days absent / days enrolled >= var('chronic_absence_threshold')
    over the block; district rows pool a student's days across schools (rollup of school_id,
    grouping(school_id) = 1), so a student counts once.
    Kept apart from the chart and incremental (macros/incremental_partitions.sql): a block's counts
    need only its own rows, the chart's limits every year. A build recomputes the blocks its input
    rebuilt: those ending on or after the earliest month a delivery changed. -#}
{{ partitioned_incremental('attendance', 'school_month_end_date', 'months_onward', on_schema_change='fail') }}
{%- set threshold = 'cast(' ~ var('chronic_absence_threshold') ~ ' as double precision)' -%}
with

student_months as (
    select * from {{ ref('int_student_attendance_school_months_summed') }}
    where {{ incremental_partition_predicate('attendance', 'school_month_end_date', 'months_onward') }}
),

unit_student_months as (
    select
        case when grouping(school_id) = 1 then 'district' else 'school' end as series_level,
        school_id,
        student_key,
        school_year,
        school_month_number,
        min(school_month_start_date) as school_month_start_date,
        max(school_month_end_date) as school_month_end_date,
        sum(days_enrolled) as days_enrolled,
        sum(days_absent) as days_absent
    from student_months
    group by
        student_key,
        school_year,
        school_month_number,
        rollup (school_id)  -- noqa: LT01,LT06
),

unit_months as (
    select
        series_level,
        school_id,
        school_year,
        school_month_number,
        min(school_month_start_date) as school_month_start_date,
        max(school_month_end_date) as school_month_end_date,
        count(*) as n_students,
        sum(case when {{ safe_divide('days_absent', 'days_enrolled') }} >= {{ threshold }} then 1 else 0 end)
            as n_chronically_absent
    from unit_student_months
    group by
        series_level,
        school_id,
        school_year,
        school_month_number
),

final as (
    select
        cast(series_level as text) as series_level,
        cast(school_id as text) as school_id,
        cast(school_year as integer) as school_year,
        cast(school_month_number as integer) as school_month_number,
        cast(school_month_start_date as date) as school_month_start_date,
        cast(school_month_end_date as date) as school_month_end_date,
        cast(n_students as integer) as n_students,
        cast(n_chronically_absent as integer) as n_chronically_absent
    from unit_months
)

select * from final
