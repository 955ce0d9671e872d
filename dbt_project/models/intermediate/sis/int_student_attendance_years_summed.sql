{#- A student's attendance over a whole school year, all their schools together (a student who
    moved mid-year is judged on the year): the student-level basis of chronic absence in the
    equity marts and the priority list. -#}
with

attendance as (
    select * from {{ ref('fct_student_attendance_year') }}
),

summed as (
    select
        student_year_key,
        sum(days_enrolled) as days_enrolled,
        sum(days_present) as days_present,
        sum(days_absent) as days_absent
    from attendance
    group by student_year_key
),

final as (
    select
        cast(student_year_key as text) as student_year_key,
        cast(days_enrolled as integer) as days_enrolled,
        cast(days_present as integer) as days_present,
        cast(days_absent as integer) as days_absent,
        cast({{ safe_divide('days_present', 'days_enrolled') }} as double precision) as attendance_rate,
        coalesce(
            {{ safe_divide('days_absent', 'days_enrolled') }}
            >= cast({{ var('chronic_absence_threshold') }} as double precision),
            false
        ) as is_chronically_absent
    from summed
    where days_enrolled > 0
)

select * from final
