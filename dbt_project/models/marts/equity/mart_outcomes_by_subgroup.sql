{#- Outcomes by subgroup for every school and the district, BI-facing: suppressed, bounded, and
    compared with all students, with the best-served group and (yes/no outcomes) with everyone
    else. Derived figures are withheld whenever the group's own value is, so they cannot give it
    away. -#}
{%- set min_group_size = var('min_group_size') -%}
with

cells as (
    select * from {{ ref('int_subgroup_outcomes_suppressed') }}
),

outcomes as (
    select * from {{ ref('equity_outcomes') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

valued as (
    select
        cells.*,
        outcomes.outcome_label,
        outcomes.outcome_kind,
        outcomes.higher_is_better,
        {{ safe_divide('cells.sum_value', 'cells.n_students') }} as exact_value,
        cells.all_n_students - cells.n_students as others_n_students,
        {{ safe_divide('cells.all_sum_value - cells.sum_value', 'cells.all_n_students - cells.n_students') }}
            as others_value
    from cells
    inner join outcomes
        on cells.outcome_code = outcomes.outcome_code
    where outcomes.is_reported_by_subgroup
),

bounded as (
    select
        *,
        case
            when not is_suppressed and outcome_kind = 'rate' then {{ share_bound('exact_value', 'n_students') }}
        end as value_bound
    from valued
),

shown as (
    select
        *,
        case when not is_suppressed and value_bound is null then exact_value end as shown_value
    from bounded
),

compared as (
    select
        *,
        max(case when subgroup_code = 'all_students' then shown_value end) over (
            partition by reporting_level, district_id, school_id, school_year, subject, outcome_code
        ) as all_students_value,
        -- best first: shown values before withheld ones, in the outcome's better direction, ties by code
        first_value(subgroup_code) over best_first as best_served_subgroup_code,
        first_value(shown_value) over best_first as best_served_value
    from shown
    window best_first as (
        partition by
            reporting_level, district_id, school_id, school_year, subject, outcome_code, subgroup_category
        order by
            case when shown_value is null then 1 else 0 end asc,
            case when higher_is_better then -shown_value else shown_value end asc,
            subgroup_code asc
    )
),

best_served as (
    -- best-served is a comparison of mutually exclusive groups (race/ethnicity, sex); program groups
    -- overlap, so they are compared with all students and, by risk ratio, with everyone else
    select
        *,
        shown_value is not null
        and best_served_value is not null
        and {{ is_exhaustive_category('subgroup_category') }} as has_best_served
    from compared
),

final as (
    select
        cast(best_served.reporting_level as text) as reporting_level,
        cast(best_served.district_id as text) as district_id,
        cast(best_served.school_id as text) as school_id,
        cast(schools.school_name as text) as school_name,
        cast(best_served.school_year as integer) as school_year,
        cast(best_served.subject as text) as subject,
        cast(best_served.outcome_code as text) as outcome_code,
        cast(best_served.outcome_label as text) as outcome_label,
        cast(best_served.outcome_kind as text) as outcome_kind,
        cast(best_served.higher_is_better as boolean) as higher_is_better,
        cast(best_served.subgroup_category as text) as subgroup_category,
        cast(best_served.subgroup_code as text) as subgroup_code,
        cast(best_served.subgroup_label as text) as subgroup_label,
        cast(case when not best_served.is_suppressed then best_served.n_students end as integer) as n_students,
        cast(best_served.is_suppressed as boolean) as is_suppressed,
        cast(best_served.suppression_reason as text) as suppression_reason,
        cast(best_served.shown_value as double precision) as outcome_value,
        cast(best_served.value_bound is not null as boolean) as is_bounded,
        cast(
            {{ group_value_display('best_served.shown_value', 'best_served.is_suppressed', 'best_served.value_bound',
                "best_served.outcome_kind = 'rate'") }} as text
        ) as outcome_display,
        cast(best_served.all_students_value as double precision) as all_students_value,
        cast(best_served.shown_value - best_served.all_students_value as double precision) as gap_to_all_students,
        cast(case when best_served.has_best_served then best_served.best_served_subgroup_code end as text)
            as best_served_subgroup_code,
        cast(case when best_served.has_best_served then best_served.best_served_value end as double precision)
            as best_served_value,
        cast(
            case when best_served.has_best_served then best_served.shown_value - best_served.best_served_value end
            as double precision
        ) as gap_to_best_served,
        cast(
            case
                when
                    best_served.outcome_kind = 'rate'
                    and best_served.shown_value is not null
                    and best_served.others_n_students >= {{ min_group_size }}
                    then {{ safe_divide('best_served.shown_value', 'best_served.others_value') }}
            end as double precision
        ) as risk_ratio
    from best_served
    left join schools
        on best_served.school_id = schools.school_id
)

select * from final
