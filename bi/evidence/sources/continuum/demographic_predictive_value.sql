select
    reporting_level,
    coalesce(school_name, 'District') as unit_name,
    school_year,
    years.school_year_label,
    subject,
    outcome_code,
    outcome_label,
    predictor_set,
    n_students,
    is_suppressed,
    r_squared,
    adjusted_r_squared
from mart_demographic_predictive_value
inner join dim_school_year as years using (school_year)
