-- Every outcome by subgroup; suppressed cells keep their row (outcome_display = 'suppressed').
select
    reporting_level,
    coalesce(school_name, 'District') as unit_name,
    school_id,
    school_year,
    years.school_year_label,
    subject,
    outcome_code,
    outcome_label,
    outcome_kind,
    higher_is_better,
    subgroup_category,
    subgroup_code,
    subgroup_label,
    n_students,
    is_suppressed,
    outcome_value,
    outcome_display,
    gap_to_all_students,
    gap_to_best_served,
    risk_ratio
from mart_outcomes_by_subgroup
inner join dim_school_year as years using (school_year)
