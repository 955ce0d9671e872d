select grade_level, enrolled, pct_female, is_elementary, snapshot_date
from marts.enrollment_by_grade
order by grade_level
