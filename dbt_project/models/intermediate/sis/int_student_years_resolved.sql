{#- Which students were in which bundle / school year, with their grade and primary school.
    OneRoster 1.2: a user is a student when roles.csv gives them a student role in the bundle; the
    school is that role's org (primary role first), else users.primaryOrgSourcedId.
    OneRoster 1.1 (no roles rows): users.role = 'student' and the first org in users.orgSourcedIds.
    When two bundles deliver the same student for the same school year, the latest loaded wins. -#}
with

users as (
    select * from {{ ref('stg_sis__users') }}
),

roles as (
    select * from {{ ref('stg_sis__roles') }}
),

bundle_years as (
    select * from {{ ref('int_bundle_school_years_resolved') }}
),

student_roles as (
    select
        bundle_id,
        user_id,
        org_id,
        row_number() over (
            partition by bundle_id, user_id
            order by case when is_primary_role then 0 else 1 end asc, begin_date desc, org_id asc
        ) as role_rank
    from roles
    where
        role = 'student'
        and coalesce(record_status, 'active') <> 'tobedeleted'
),

students as (
    select
        users.student_key,
        users.user_id,
        users.bundle_id,
        users.grade_code,
        users.grade_level,
        case when student_roles.user_id is not null then 'oneroster_1_2_roles' else 'oneroster_1_1_users' end as roster_source,
        coalesce(student_roles.org_id, users.primary_org_id, users.v11_first_org_id) as school_id
    from users
    left join student_roles
        on
            users.bundle_id = student_roles.bundle_id
            and users.user_id = student_roles.user_id
            and student_roles.role_rank = 1
    where
        coalesce(users.record_status, 'active') <> 'tobedeleted'
        and (student_roles.user_id is not null or users.v11_role = 'student')
),

placed as (
    select
        students.student_key,
        students.user_id as student_id,
        bundle_years.school_year,
        students.bundle_id,
        students.school_id,
        students.grade_code,
        students.grade_level,
        students.roster_source,
        row_number() over (
            partition by students.student_key, bundle_years.school_year
            order by bundle_years.bundle_loaded_at desc, students.bundle_id desc
        ) as bundle_rank
    from students
    inner join bundle_years
        on students.bundle_id = bundle_years.bundle_id
),

final as (
    select
        student_key,
        student_id,
        school_year,
        bundle_id,
        school_id,
        grade_code,
        grade_level,
        roster_source
    from placed
    where bundle_rank = 1
)

select * from final
