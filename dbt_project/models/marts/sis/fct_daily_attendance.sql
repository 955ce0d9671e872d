{#- A view over int_daily_attendance_deduplicated, the incremental table that holds the rows: the
    daily grain is the largest table of the warehouse (90M rows for 100k students over five years),
    and a second copy of it cost a minute of every full build. The student-year key is computed
    here, not stored: a second random 32-character string per row cost 28 s of writing at 100k.
    Left out of the published marts file (not in mart_catalog): dashboards read the monthly and
    yearly marts built from it. -#}
{{ config(materialized='view') }}
with

attendance as (
    select * from {{ ref('int_daily_attendance_deduplicated') }}
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
