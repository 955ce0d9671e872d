{#- One attendance record per student per day, joined to xwalk_attendance_statuses. When two
    files deliver the same student-day, the latest loaded wins (then the later file path / row).
    Incremental by attendance month (macros/incremental_partitions.sql): a changed delivery rebuilds the
    months its new and replaced rows fall in. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_incremental_partitions('attendance', 'attendance_date', 'month') }}",
    post_hook="{{ record_incremental_state('attendance') }}",
) }}
with

attendance as (
    select * from {{ ref('stg_sis__daily_attendance') }}
    where {{ incremental_partition_predicate('attendance', 'attendance_date', 'month') }}
),

statuses as (
    select * from {{ ref('xwalk_attendance_statuses') }}
),

ranked as (
    select
        *,
        count(*) over (partition by student_key, attendance_date) as n_deliveries,
        row_number() over (
            partition by student_key, attendance_date
            order by loaded_at desc, source_file desc, source_row_number desc
        ) as delivery_rank
    from attendance
),

final as (
    select
        ranked.student_key,
        ranked.school_id,
        ranked.attendance_date,
        ranked.school_year,
        ranked.attendance_status,
        statuses.attendance_category,
        coalesce(statuses.is_present, false) as is_present,
        coalesce(statuses.is_absent, false) as is_absent,
        coalesce(statuses.is_excused_absence, false) as is_excused_absence,
        coalesce(statuses.is_absent and not statuses.is_excused_absence, false) as is_unexcused_absence,
        ranked.n_deliveries,
        ranked.source_file,
        ranked.loaded_at
    from ranked
    left join statuses
        on ranked.attendance_status = statuses.attendance_status
    where ranked.delivery_rank = 1
)

select * from final
