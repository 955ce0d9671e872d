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
