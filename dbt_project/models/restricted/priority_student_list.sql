{#- The priority list with names, for the staff who act on it (restricted schema only): every row
    of marts.mart_priority_students with the student's name and state id from student_identity. -#}
with

priority_students as (
    select * from {{ ref('mart_priority_students') }}
),

identity as (
    select * from {{ ref('student_identity') }}
),

final as (
    select
        priority_students.school_year,
        priority_students.school_id,
        priority_students.school_name,
        priority_students.urgency_rank,
        priority_students.urgency_tier,
        priority_students.urgency_reason,
        cast(identity.family_name as text) as family_name,
        cast(identity.given_name as text) as given_name,
        cast(identity.state_student_id as text) as state_student_id,
        priority_students.student_key,
        priority_students.grade_level,
        priority_students.subject,
        priority_students.latest_level,
        priority_students.expected_level,
        priority_students.levels_behind,
        priority_students.annualised_growth,
        priority_students.attendance_rate,
        priority_students.is_chronically_absent,
        priority_students.has_support_program,
        priority_students.support_programs
    from priority_students
    left join identity
        on priority_students.student_key = identity.student_key
)

select * from final
