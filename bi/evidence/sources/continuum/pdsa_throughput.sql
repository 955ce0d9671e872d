select
    rollup_level,
    unit_id,
    month_start_date,
    school_year,
    cycles_planned,
    cycles_started,
    cycles_completed,
    median_cycle_length_days,
    cycles_started_with_prediction,
    share_started_with_prediction,
    share_completed_compared,
    cycles_adopted,
    cycles_adapted,
    cycles_abandoned
from mart_pdsa_throughput_monthly
