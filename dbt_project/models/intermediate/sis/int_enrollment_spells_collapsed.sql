{#- A student's spell at a school in a school year: from the first to the last day of their
    student class enrollments there (OneRoster enrollments), their student roles (1.2), and their
    primary school of the year (int_student_years_resolved). Missing dates fall back to the school
    year's first / last day. Only students placed in int_student_years_resolved for that year. -#}
with

enrollments as (
    select * from {{ ref('stg_sis__enrollments') }}
),

roles as (
    select * from {{ ref('stg_sis__roles') }}
),

bundle_years as (
    select * from {{ ref('int_bundle_school_years_resolved') }}
),

student_years as (
    select * from {{ ref('int_student_years_resolved') }}
),

school_years as (
    select * from {{ ref('int_school_years_bounded') }}
),

class_spells as (
    select
        enrollments.student_key,
        enrollments.school_id,
        bundle_years.school_year,
        enrollments.begin_date,
        enrollments.end_date,
        1 as is_class_enrollment
    from enrollments
    inner join bundle_years
        on enrollments.bundle_id = bundle_years.bundle_id
    where
        enrollments.enrollment_role = 'student'
        and coalesce(enrollments.record_status, 'active') <> 'tobedeleted'
),

role_spells as (
    select
        roles.student_key,
        roles.org_id as school_id,
        bundle_years.school_year,
        roles.begin_date,
        roles.end_date,
        0 as is_class_enrollment
    from roles
    inner join bundle_years
        on roles.bundle_id = bundle_years.bundle_id
    where
        roles.role = 'student'
        and coalesce(roles.record_status, 'active') <> 'tobedeleted'
),

primary_school_spells as (
    select
        student_key,
        school_id,
        school_year,
        cast(null as date) as begin_date,
        cast(null as date) as end_date,
        0 as is_class_enrollment
    from student_years
),

all_spells as (
    select * from class_spells
    union all
    select * from role_spells
    union all
    select * from primary_school_spells
),

collapsed as (
    select
        all_spells.student_key,
        all_spells.school_id,
        all_spells.school_year,
        min(coalesce(all_spells.begin_date, school_years.start_date)) as spell_begin_date,
        max(coalesce(all_spells.end_date, school_years.end_date)) as spell_end_date,
        sum(all_spells.is_class_enrollment) as n_class_enrollments
    from all_spells
    inner join school_years
        on all_spells.school_year = school_years.school_year
    inner join student_years
        on
            all_spells.student_key = student_years.student_key
            and all_spells.school_year = student_years.school_year
    where all_spells.school_id is not null
    group by all_spells.student_key, all_spells.school_id, all_spells.school_year
),

final as (
    select
        collapsed.student_key,
        collapsed.school_id,
        collapsed.school_year,
        collapsed.spell_begin_date,
        collapsed.spell_end_date,
        collapsed.n_class_enrollments,
        collapsed.school_id = student_years.school_id as is_primary_school
    from collapsed
    inner join student_years
        on
            collapsed.student_key = student_years.student_key
            and collapsed.school_year = student_years.school_year
)

select * from final
