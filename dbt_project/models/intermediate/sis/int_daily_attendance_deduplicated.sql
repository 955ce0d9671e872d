{#- One attendance record per student per day, joined to xwalk_attendance_statuses. When two
    files deliver the same student-day, the latest loaded wins (then the later file path / row).
    Only a month that two current files both deliver rows for can hold a student-day twice (the
    landing contract makes student and date unique within a file), so only those months go through
    the ranking window; every other month passes straight through. On 90M rows the window was the
    most expensive step of the build and spilled to disk under the memory limit. The two branches
    read the staging view separately: DuckDB materializes a CTE that is read twice.
    Incremental by attendance month (macros/incremental_partitions.sql): a changed delivery rebuilds the
    months its new and replaced rows fall in. -#}
{{ partitioned_incremental('attendance', 'attendance_date', 'month') }}
{%- set in_rebuilt_months = incremental_partition_predicate('attendance', 'attendance_date', 'month') -%}
{%- set month_start = 'cast(' ~ dbt.date_trunc('month', 'attendance_date') ~ ' as date)' -%}
{%- set attendance_month = 'cast(' ~ month_start ~ ' as ' ~ dbt.type_string() ~ ')' -%}
with

statuses as (
    select * from {{ ref('xwalk_attendance_statuses') }}
),

deliveries as (
    select * from {{ ref('int_attendance_deliveries_partitioned') }}
),

current_deliveries as (
    select
        source_file,
        max(loaded_at) as loaded_at
    from deliveries
    group by source_file
),

shared_months as (
    select deliveries.partition_key as attendance_month
    from deliveries
    inner join current_deliveries
        on
            deliveries.source_file = current_deliveries.source_file
            and deliveries.loaded_at = current_deliveries.loaded_at
    group by deliveries.partition_key
    having count(*) > 1
),

delivered_once as (
    select
        student_key,
        school_id,
        attendance_date,
        school_year,
        attendance_status,
        source_file,
        loaded_at,
        1 as n_deliveries,
        1 as delivery_rank
    from {{ ref('stg_sis__daily_attendance') }}
    where
        {{ in_rebuilt_months }}
        and {{ attendance_month }} not in (select shared_months.attendance_month from shared_months)
),

ranked as (
    select
        student_key,
        school_id,
        attendance_date,
        school_year,
        attendance_status,
        source_file,
        loaded_at,
        count(*) over (partition by student_key, attendance_date) as n_deliveries,
        row_number() over (
            partition by student_key, attendance_date
            order by loaded_at desc, source_file desc, source_row_number desc
        ) as delivery_rank
    from {{ ref('stg_sis__daily_attendance') }}
    where
        {{ in_rebuilt_months }}
        and {{ attendance_month }} in (select shared_months.attendance_month from shared_months)
),

deduplicated as (
    select * from delivered_once
    union all
    select * from ranked
),

final as (
    select
        deduplicated.student_key,
        deduplicated.school_id,
        deduplicated.attendance_date,
        deduplicated.school_year,
        deduplicated.attendance_status,
        statuses.attendance_category,
        coalesce(statuses.is_present, false) as is_present,
        coalesce(statuses.is_absent, false) as is_absent,
        coalesce(statuses.is_excused_absence, false) as is_excused_absence,
        coalesce(statuses.is_absent and not statuses.is_excused_absence, false) as is_unexcused_absence,
        deduplicated.n_deliveries,
        deduplicated.source_file,
        deduplicated.loaded_at
    from deduplicated
    left join statuses
        on deduplicated.attendance_status = statuses.attendance_status
    where deduplicated.delivery_rank = 1
)

select * from final
