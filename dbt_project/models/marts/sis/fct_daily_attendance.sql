{#- Incremental by attendance month (macros/incremental_partitions.sql): a changed delivery rebuilds the
    months its new and replaced rows fall in. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_incremental_partitions('attendance', 'date_day', 'month') }}",
    post_hook="{{ record_incremental_state('attendance') }}",
) }}
with

attendance as (
    select * from {{ ref('int_daily_attendance_deduplicated') }}
    where {{ incremental_partition_predicate('attendance', 'attendance_date', 'month') }}
),

final as (
    select
        cast(student_key as text) as student_key,
        cast(attendance_date as date) as date_day,
        cast({{ surrogate_key(['student_key', 'school_year']) }} as text) as student_year_key,
        cast(school_id as text) as school_id,
        cast(school_year as integer) as school_year,
        cast(attendance_status as text) as attendance_status,
        cast(attendance_category as text) as attendance_category,
        is_present,
        is_absent,
        is_excused_absence,
        is_unexcused_absence,
        cast(n_deliveries as integer) as n_deliveries
    from attendance
)

select * from final
