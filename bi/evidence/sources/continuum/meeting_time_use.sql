select rollup_level, unit_id, month_start_date, school_year, n_meetings, minutes_total, minutes_improvement,
    improvement_share
from mart_meeting_time_use_monthly
