{#- Attendance of each school and of the district in a calendar month: the counts the attendance-rate
    p chart (mart_spc_attendance_monthly) plots. School and district rows come from one aggregation,
    `group by ..., rollup (school_id)` (grouping(school_id) = 1 marks the district row; the noqa is
    for sqlfluff's duckdb dialect, which reads rollup as a function).
    Kept apart from the chart and incremental by attendance month (macros/incremental_partitions.sql):
    the chart's limits need every month, but a month's counts need only its own student-months, so a
    new month of attendance re-counts that month and the chart reads a few hundred rows. -#}
{{ partitioned_incremental('attendance', 'month_start_date', 'month', on_schema_change='fail') }}
with

student_months as (
    select * from {{ ref('int_student_attendance_months_summed') }}
    where {{ incremental_partition_predicate('attendance', 'month_start_date', 'month') }}
),

unit_months as (
    select
        case when grouping(school_id) = 1 then 'district' else 'school' end as series_level,
        school_id,
        month_start_date,
        count(distinct student_key) as n_students,
        sum(days_enrolled) as days_enrolled,
        sum(days_present) as days_present
    from student_months
    group by
        month_start_date,
        rollup (school_id)  -- noqa: LT01,LT06
),

final as (
    select
        cast(series_level as text) as series_level,
        cast(school_id as text) as school_id,
        cast(month_start_date as date) as month_start_date,
        cast(n_students as integer) as n_students,
        cast(days_enrolled as integer) as days_enrolled,
        cast(days_present as integer) as days_present
    from unit_months
)

select * from final
