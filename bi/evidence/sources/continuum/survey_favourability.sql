-- Construct favourability of student respondents by subgroup, per school year (suppressed cells keep
-- their row, shown as 'suppressed').
select
    reporting_level,
    coalesce(school_name, 'District') as unit_name,
    school_year,
    respondent_type,
    construct,
    subgroup_category,
    subgroup_code,
    subgroup_label,
    n_students as n_respondents,
    is_suppressed,
    favourable_share,
    favourable_display,
    gap_to_all_students
from mart_survey_favourability_by_subgroup
