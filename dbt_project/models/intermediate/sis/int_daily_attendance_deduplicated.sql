{#- One attendance record per student per day, joined to xwalk_attendance_statuses. When two
    files deliver the same student-day, the latest loaded wins (then the later file path / row). -#}
with

attendance as (
    select * from {{ ref('stg_sis__daily_attendance') }}
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
