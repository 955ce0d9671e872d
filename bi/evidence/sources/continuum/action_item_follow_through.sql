select rollup_level, unit_id, month_start_date, school_year, items_opened, items_closed, items_closed_on_time,
    share_closed_on_time, items_open_at_month_end, items_overdue_at_month_end, median_open_age_days
from mart_action_item_follow_through_monthly
