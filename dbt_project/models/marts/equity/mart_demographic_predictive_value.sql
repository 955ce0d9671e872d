{#- How much of the variation in an outcome student demographics explain, per school and district
    x school year x outcome: R squared of a regression of the outcome on indicators of the groups
    of a trait. With one indicator per group (a saturated model) the least-squares fit of each
    student is their group's mean, so R squared = between-group sum of squares / total sum of
    squares, computed exactly from each group's n, sum and sum of squares; no model fitting is
    needed and it runs the same on DuckDB and PostgreSQL. all_combined uses one group per
    combination of race/ethnicity, sex, economic disadvantage, disability and English learner
    status; its R squared grows with the number of groups, so adjusted R squared is given beside it.
    Incremental by school year and subject (macros/incremental_partitions.sql, chain student_outcomes):
    every figure is of one outcome, so a month of attendance rebuilds the attendance outcome of the
    school years it touches, an assessment delivery the growth outcomes of its windows' school years;
    a roster or program delivery everything. -#}
{{ partitioned_incremental('student_outcomes', 'school_year', 'school_year', on_schema_change='fail',
    subject_column='subject') }}
{%- set traits = ['race_ethnicity', 'sex', 'economically_disadvantaged', 'students_with_disabilities', 'english_learner'] -%}
with

outcomes as (
    select * from {{ ref('int_student_outcomes_unpivoted') }}
    where {{ incremental_partition_predicate('student_outcomes', 'school_year', 'school_year', subject_column='subject') }}
),

students as (
    select * from {{ ref('dim_student') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

outcome_definitions as (
    select * from {{ ref('equity_outcomes') }}
),

student_traits as (
    select
        student_year_key,
        coalesce(race_ethnicity, 'not_reported') as race_ethnicity,
        coalesce(sex, 'unspecified') as sex,
        cast(coalesce(is_economically_disadvantaged, false) as text) as economically_disadvantaged,
        cast(coalesce(is_students_with_disabilities, false) as text) as students_with_disabilities,
        cast(coalesce(is_english_learner, false) as text) as english_learner
    from students
),

student_groups as (
    {%- for trait in traits %}
        select
            student_year_key,
            '{{ trait }}' as predictor_set,
            {{ trait }} as group_code
        from student_traits
        union all
    {%- endfor %}
    select
        student_year_key,
        'all_combined' as predictor_set,
        {{ traits | join(" || '|' || ") }} as group_code
    from student_traits
),

student_values as (
    select
        schools.district_id,
        outcomes.school_id,
        outcomes.school_year,
        outcomes.subject,
        outcomes.outcome_code,
        student_groups.predictor_set,
        student_groups.group_code,
        outcomes.outcome_value
    from outcomes
    inner join outcome_definitions
        on outcomes.outcome_code = outcome_definitions.outcome_code
    inner join student_groups
        on outcomes.student_year_key = student_groups.student_year_key
    inner join schools
        on outcomes.school_id = schools.school_id
    where outcome_definitions.is_predicted_by_demographics
),

{%- set unit_columns = ['district_id', 'school_year', 'subject', 'outcome_code', 'predictor_set'] %}

group_sums as (
    {{ school_and_district_rollup('student_values',
        ['school_year', 'subject', 'outcome_code', 'predictor_set', 'group_code'],
        ['count(*) as n_students', 'sum(outcome_value) as sum_value',
         'sum(outcome_value * outcome_value) as sum_squares']) }}
),

unit_sums as (
    select
        reporting_level,
        school_id,
        {{ unit_columns | join(', ') }},
        count(*) as n_groups,
        sum(n_students) as n_students,
        sum(sum_value) as sum_value,
        sum(sum_squares) as sum_squares,
        sum(sum_value * sum_value / n_students) as sum_group_mean_squares
    from group_sums
    group by reporting_level, school_id, {{ unit_columns | join(', ') }}
),

variance_split as (
    select
        *,
        sum_squares - sum_value * sum_value / n_students as total_sum_of_squares,
        sum_group_mean_squares - sum_value * sum_value / n_students as between_sum_of_squares
    from unit_sums
),

explained as (
    select
        *,
        -- a total sum of squares within rounding of zero means every student had the same outcome
        case
            when total_sum_of_squares > 1e-9 * n_students
                then greatest(least(between_sum_of_squares / total_sum_of_squares, 1.0), 0.0)
        end as r_squared
    from variance_split
),

final as (
    select
        cast(explained.reporting_level as text) as reporting_level,
        cast(explained.district_id as text) as district_id,
        cast(explained.school_id as text) as school_id,
        cast(schools.school_name as text) as school_name,
        cast(explained.school_year as integer) as school_year,
        cast(explained.subject as text) as subject,
        cast(explained.outcome_code as text) as outcome_code,
        cast(outcome_definitions.outcome_label as text) as outcome_label,
        cast(explained.predictor_set as text) as predictor_set,
        cast(
            case when explained.n_students >= {{ var('min_group_size') }} then explained.n_students end as integer
        ) as n_students,
        cast(explained.n_students < {{ var('min_group_size') }} as boolean) as is_suppressed,
        cast(
            case when explained.n_students >= {{ var('min_group_size') }} then explained.n_groups end as integer
        ) as n_groups,
        cast(
            case when explained.n_students >= {{ var('min_group_size') }} then explained.r_squared end
            as double precision
        ) as r_squared,
        cast(
            case
                when explained.n_students >= {{ var('min_group_size') }} and explained.n_students > explained.n_groups
                    then
                        1 - (1 - explained.r_squared) * (explained.n_students - 1)
                        / cast(explained.n_students - explained.n_groups as double precision)
            end as double precision
        ) as adjusted_r_squared
    from explained
    inner join outcome_definitions
        on explained.outcome_code = outcome_definitions.outcome_code
    left join schools
        on explained.school_id = schools.school_id
)

select * from final
