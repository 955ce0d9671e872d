{#- A student in a school year: grade and primary school from that year's roster, demographics from
    the same bundle (else the student's latest delivered demographics), program flags as of the
    year. Pseudonymous: no names, birth dates or SIS ids. -#}
with

student_years as (
    select * from {{ ref('int_student_years_resolved') }}
),

demographics as (
    select * from {{ ref('int_demographics_classified') }}
),

programs as (
    select * from {{ ref('int_program_participation_annualised') }}
),

latest_demographics as (
    select
        *,
        row_number() over (
            partition by student_key
            order by loaded_at desc, bundle_id desc
        ) as recency_rank
    from demographics
),

program_flags as (
    select
        student_key,
        school_year,
        max(case when program_code = 'economically_disadvantaged' then 1 else 0 end) as has_econ_disadv,
        max(case when program_code = 'iep' then 1 else 0 end) as has_iep,
        max(case when program_code = 'section_504' then 1 else 0 end) as has_section_504,
        max(case when program_code = 'english_learner' then 1 else 0 end) as has_english_learner,
        max(case when program_code = 'gifted_talented' then 1 else 0 end) as has_gifted_talented
    from programs
    group by student_key, school_year
),

final as (
    select
        cast({{ surrogate_key(['student_years.student_key', 'student_years.school_year']) }} as text) as student_year_key,
        cast(student_years.student_key as text) as student_key,
        cast(student_years.school_year as integer) as school_year,
        cast(student_years.school_id as text) as school_id,
        cast(student_years.grade_level as integer) as grade_level,
        cast(student_years.grade_code as text) as grade_code,
        cast(coalesce(same_bundle.race_ethnicity, latest.race_ethnicity, 'not_reported') as text) as race_ethnicity,
        cast(coalesce(same_bundle.sex, latest.sex, 'unspecified') as text) as sex,
        coalesce(program_flags.has_econ_disadv = 1, false) as is_economically_disadvantaged,
        coalesce(program_flags.has_iep = 1, false) as is_students_with_disabilities,
        coalesce(program_flags.has_section_504 = 1, false) as is_section_504,
        coalesce(program_flags.has_english_learner = 1, false) as is_english_learner,
        coalesce(program_flags.has_gifted_talented = 1, false) as is_gifted_talented
    from student_years
    left join demographics as same_bundle
        on
            student_years.student_key = same_bundle.student_key
            and student_years.bundle_id = same_bundle.bundle_id
    left join latest_demographics as latest
        on
            student_years.student_key = latest.student_key
            and latest.recency_rank = 1
    left join program_flags
        on
            student_years.student_key = program_flags.student_key
            and student_years.school_year = program_flags.school_year
)

select * from final
