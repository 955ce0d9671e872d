{#- A student's programs as of each school year: participated at any time during the year
    (begin_date <= year end and end_date empty or >= year start). Spells repeated across files
    collapse to one row. Program codes map to subgroup codes through xwalk_program_codes. -#}
with

participation as (
    select * from {{ ref('stg_sis__program_participation') }}
),

school_years as (
    select * from {{ ref('int_school_years_bounded') }}
),

program_codes as (
    select * from {{ ref('xwalk_program_codes') }}
),

overlapping as (
    select
        participation.student_key,
        school_years.school_year,
        participation.program_code,
        participation.begin_date,
        participation.end_date
    from participation
    inner join school_years
        on
            participation.begin_date <= school_years.end_date
            and (participation.end_date is null or participation.end_date >= school_years.start_date)
),

collapsed as (
    select
        student_key,
        school_year,
        program_code,
        min(begin_date) as first_begin_date,
        max(case when end_date is null then 1 else 0 end) as has_open_spell,
        max(end_date) as last_end_date
    from overlapping
    group by student_key, school_year, program_code
),

final as (
    select
        collapsed.student_key,
        collapsed.school_year,
        collapsed.program_code,
        program_codes.subgroup_code,
        program_codes.subgroup_label,
        collapsed.first_begin_date,
        case when collapsed.has_open_spell = 1 then null else collapsed.last_end_date end as last_end_date
    from collapsed
    left join program_codes
        on collapsed.program_code = program_codes.program_code
)

select * from final
