{#- Growth on the continuum counted per grade, for every school and the district (grain:
    reporting_level, district_id, school_id, school_year, subject, subgroup_code). Cells are shaped
    for complementary_suppression: subgroup_category 'grade_level' (every student in exactly one
    grade, so the grades add up to the all_students row) and subgroup_code the grade. Only students
    whose levels behind could be judged. Restricted: unsuppressed counts; the BI-facing view is
    mart_growth_by_grade.
    Incremental by school year (macros/incremental_partitions.sql, chain learner_growth): every
    count and median is within a school year, so an assessment window rebuilds the school year of
    its window; a roster delivery every year. -#}
{{ partitioned_incremental('learner_growth', 'school_year', 'school_year') }}
{%- set priority_levels_behind = var('priority_levels_behind') -%}
with

growth as (
    select * from {{ ref('mart_learner_growth') }}
    where {{ incremental_partition_predicate('learner_growth', 'school_year', 'school_year') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

judged as (
    select
        schools.district_id,
        growth.school_id,
        growth.school_year,
        growth.subject,
        growth.grade_level,
        growth.levels_behind,
        growth.years_to_grade_level,
        growth.gained_one_level_per_year,
        growth.on_track_to_catch_up
    from growth
    inner join schools
        on growth.school_id = schools.school_id
    where growth.levels_behind is not null
),

-- each student once in their grade and once in all grades
grade_cells as (
    select
        *,
        'grade_level' as subgroup_category,
        cast(grade_level as text) as subgroup_code
    from judged
    union all
    select
        district_id,
        school_id,
        school_year,
        subject,
        cast(null as integer) as grade_level,
        levels_behind,
        years_to_grade_level,
        gained_one_level_per_year,
        on_track_to_catch_up,
        'all_students' as subgroup_category,
        'all_students' as subgroup_code
    from judged
),

rolled_up as (
    {{ school_and_district_rollup('grade_cells',
        ['school_year', 'subject', 'subgroup_category', 'subgroup_code', 'grade_level'],
        ['count(*) as n_students',
         'sum(case when levels_behind <= 0 then 1 else 0 end) as n_at_or_above_grade_level',
         'sum(case when levels_behind > 0 and levels_behind < 1 then 1 else 0 end) as n_under_one_level_behind',
         'sum(case when levels_behind >= 1 and levels_behind < ' ~ priority_levels_behind ~ ' then 1 else 0 end)'
            ~ ' as n_one_level_behind',
         'sum(case when levels_behind >= ' ~ priority_levels_behind ~ ' then 1 else 0 end) as n_priority_levels_behind',
         'count(gained_one_level_per_year) as n_growth_judged',
         'sum(case when gained_one_level_per_year then 1 else 0 end) as n_gained_one_level_per_year',
         'sum(case when levels_behind > 0 then 1 else 0 end) as n_behind',
         'sum(case when on_track_to_catch_up then 1 else 0 end) as n_on_track_to_catch_up',
         'percentile_cont(0.5) within group (order by years_to_grade_level) as median_years_to_grade_level']) }}
),

final as (
    select
        cast(reporting_level as text) as reporting_level,
        cast(district_id as text) as district_id,
        cast(school_id as text) as school_id,
        cast(school_year as integer) as school_year,
        cast(subject as text) as subject,
        cast(subgroup_category as text) as subgroup_category,
        cast(subgroup_code as text) as subgroup_code,
        cast(grade_level as integer) as grade_level,
        cast(n_students as integer) as n_students,
        cast(n_at_or_above_grade_level as integer) as n_at_or_above_grade_level,
        cast(n_under_one_level_behind as integer) as n_under_one_level_behind,
        cast(n_one_level_behind as integer) as n_one_level_behind,
        cast(n_priority_levels_behind as integer) as n_priority_levels_behind,
        cast(n_growth_judged as integer) as n_growth_judged,
        cast(n_gained_one_level_per_year as integer) as n_gained_one_level_per_year,
        cast(n_behind as integer) as n_behind,
        cast(n_on_track_to_catch_up as integer) as n_on_track_to_catch_up,
        cast(median_years_to_grade_level as double precision) as median_years_to_grade_level
    from rolled_up
)

select * from final
