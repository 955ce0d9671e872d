{#- Restricted: who a student_key is. Latest values: the user row of the student's latest school
    year (latest loaded bundle), and the latest delivered birth date. -#}
with

student_years as (
    select * from {{ ref('int_student_years_resolved') }}
),

users as (
    select * from {{ ref('stg_sis__users') }}
),

demographics as (
    select * from {{ ref('stg_sis__demographics') }}
),

latest_year as (
    select
        student_key,
        student_id,
        bundle_id,
        row_number() over (
            partition by student_key
            order by school_year desc
        ) as recency_rank
    from student_years
),

latest_birth_date as (
    select
        student_key,
        birth_date,
        row_number() over (
            partition by student_key
            order by loaded_at desc, bundle_id desc
        ) as recency_rank
    from demographics
    where birth_date is not null
),

final as (
    select
        cast(latest_year.student_key as text) as student_key,
        cast(latest_year.student_id as text) as student_sourced_id,
        cast(coalesce(users.user_master_identifier, users.user_identifier) as text) as state_student_id,
        cast(users.given_name as text) as given_name,
        cast(users.family_name as text) as family_name,
        cast(latest_birth_date.birth_date as date) as birth_date
    from latest_year
    inner join users
        on
            latest_year.student_id = users.user_id
            and latest_year.bundle_id = users.bundle_id
    left join latest_birth_date
        on
            latest_year.student_key = latest_birth_date.student_key
            and latest_birth_date.recency_rank = 1
    where latest_year.recency_rank = 1
)

select * from final
