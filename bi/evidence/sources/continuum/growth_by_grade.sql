select
    reporting_level,
    coalesce(school_name, 'District') as unit_name,
    school_id,
    school_year,
    years.school_year_label,
    subject,
    grade_level,
    grade_label,
    is_suppressed,
    n_students,
    share_at_or_above_grade_level,
    share_under_one_level_behind,
    share_one_level_behind,
    share_priority_levels_behind,
    share_gained_one_level_per_year,
    share_behind_on_track_to_catch_up,
    median_years_to_grade_level
from mart_growth_by_grade
inner join dim_school_year as years using (school_year)
