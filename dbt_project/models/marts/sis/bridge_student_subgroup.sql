{#- Student-year x subgroup. Every student year is in all_students, its race/ethnicity and its sex;
    a program subgroup for each program in var('reported_programs') the student had that year
    (code and label from xwalk_program_codes); and an intersection for each pair in
    var('subgroup_intersections') when the student-year is in both subgroups. -#}
{% set reported_programs = var('reported_programs') %}
{% set intersections = var('subgroup_intersections') %}
with

students as (
    select * from {{ ref('dim_student') }}
),

programs as (
    select * from {{ ref('int_program_participation_annualised') }}
),

race_ethnicity as (
    select * from {{ ref('xwalk_race_ethnicity') }}
),

all_students as (
    select
        student_year_key,
        student_key,
        school_year,
        school_id,
        'all' as subgroup_category,
        'all_students' as subgroup_code,
        'All students' as subgroup_label
    from students
),

race_ethnicity_groups as (
    select
        students.student_year_key,
        students.student_key,
        students.school_year,
        students.school_id,
        'race_ethnicity' as subgroup_category,
        students.race_ethnicity as subgroup_code,
        coalesce(race_ethnicity.race_ethnicity_label, students.race_ethnicity) as subgroup_label
    from students
    left join race_ethnicity
        on students.race_ethnicity = race_ethnicity.race_ethnicity_code
),

sex_groups as (
    select
        student_year_key,
        student_key,
        school_year,
        school_id,
        'sex' as subgroup_category,
        sex as subgroup_code,
        upper(substr(sex, 1, 1)) || substr(sex, 2) as subgroup_label
    from students
),

program_groups as (
    select distinct
        students.student_year_key,
        students.student_key,
        students.school_year,
        students.school_id,
        'program' as subgroup_category,
        coalesce(programs.subgroup_code, programs.program_code) as subgroup_code,
        coalesce(programs.subgroup_label, programs.program_code) as subgroup_label
    from students
    inner join programs
        on
            students.student_key = programs.student_key
            and students.school_year = programs.school_year
    -- '<none>' keeps the list valid when var('reported_programs') is empty
    where programs.program_code in (
        {% for program in reported_programs %}'{{ program }}',
        {% endfor %}'<none>'
    )
),

single_groups as (
    select * from all_students
    union all
    select * from race_ethnicity_groups
    union all
    select * from sex_groups
    union all
    select * from program_groups
),

intersection_groups as (
    select * from single_groups
    where 1 = 0
    {% for pair in intersections %}
        union all
        select
            first_group.student_year_key,
            first_group.student_key,
            first_group.school_year,
            first_group.school_id,
            'intersection' as subgroup_category,
            '{{ pair[0] }}_and_{{ pair[1] }}' as subgroup_code,
            first_group.subgroup_label || ' and ' || second_group.subgroup_label as subgroup_label
        from single_groups as first_group
        inner join single_groups as second_group
            on first_group.student_year_key = second_group.student_year_key
        where
            first_group.subgroup_code = '{{ pair[0] }}'
            and second_group.subgroup_code = '{{ pair[1] }}'
    {% endfor %}
),

all_groups as (
    select * from single_groups
    union all
    select * from intersection_groups
),

final as (
    select
        cast({{ surrogate_key(['student_year_key', 'subgroup_code']) }} as text) as student_subgroup_key,
        cast(student_year_key as text) as student_year_key,
        cast(student_key as text) as student_key,
        cast(school_year as integer) as school_year,
        cast(school_id as text) as school_id,
        cast(subgroup_category as text) as subgroup_category,
        cast(subgroup_code as text) as subgroup_code,
        cast(subgroup_label as text) as subgroup_label
    from all_groups
)

select * from final
