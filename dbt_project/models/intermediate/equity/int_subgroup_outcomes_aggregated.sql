{#- Each outcome summed over the students of each subgroup, for every school and for the district
    (grain: reporting_level, district_id, school_id, school_year, subject, outcome_code,
    subgroup_code). A student counts toward the school they were placed at for the year
    (dim_student), so schools add up to the district. Carries the all-students figures of the same
    school or district beside each group, for gaps and for the risk of everyone else. Restricted:
    unsuppressed counts; the BI-facing view is mart_outcomes_by_subgroup.
    Incremental by school year and subject like its input (macros/incremental_partitions.sql, chain
    student_outcomes): every figure is of one outcome. -#}
{{ partitioned_incremental('student_outcomes', 'school_year', 'school_year', on_schema_change='fail',
    subject_column='subject') }}
with

outcomes as (
    select * from {{ ref('int_student_outcomes_unpivoted') }}
    where {{ incremental_partition_predicate('student_outcomes', 'school_year', 'school_year', subject_column='subject') }}
),

subgroups as (
    select * from {{ ref('bridge_student_subgroup') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

student_subgroup_outcomes as (
    select
        schools.district_id,
        outcomes.school_id,
        outcomes.school_year,
        outcomes.subject,
        outcomes.outcome_code,
        subgroups.subgroup_category,
        subgroups.subgroup_code,
        subgroups.subgroup_label,
        outcomes.outcome_value
    from outcomes
    inner join subgroups
        on outcomes.student_year_key = subgroups.student_year_key
    inner join schools
        on outcomes.school_id = schools.school_id
),

unioned as (
    {{ school_and_district_rollup('student_subgroup_outcomes',
        ['school_year', 'subject', 'outcome_code', 'subgroup_category', 'subgroup_code', 'subgroup_label'],
        ['count(*) as n_students', 'sum(outcome_value) as sum_value',
         'sum(outcome_value * outcome_value) as sum_squares']) }}
),

with_all_students as (
    select
        *,
        max(case when subgroup_code = 'all_students' then n_students end) over (
            partition by reporting_level, district_id, school_id, school_year, subject, outcome_code
        ) as all_n_students,
        max(case when subgroup_code = 'all_students' then sum_value end) over (
            partition by reporting_level, district_id, school_id, school_year, subject, outcome_code
        ) as all_sum_value
    from unioned
),

final as (
    select
        cast(reporting_level as text) as reporting_level,
        cast(district_id as text) as district_id,
        cast(school_id as text) as school_id,
        cast(school_year as integer) as school_year,
        cast(subject as text) as subject,
        cast(outcome_code as text) as outcome_code,
        cast(subgroup_category as text) as subgroup_category,
        cast(subgroup_code as text) as subgroup_code,
        cast(subgroup_label as text) as subgroup_label,
        cast(n_students as integer) as n_students,
        cast(sum_value as double precision) as sum_value,
        cast(sum_squares as double precision) as sum_squares,
        cast(all_n_students as integer) as all_n_students,
        cast(all_sum_value as double precision) as all_sum_value
    from with_all_students
)

select * from final
