select
    status.measure_code,
    status.measure_name,
    status.series_key,
    status.series_level,
    coalesce(schools.school_name, 'District') as unit_name,
    status.series_detail,
    status.desired_direction,
    status.n_points,
    status.latest_period_start_date,
    status.latest_value,
    status.latest_center_line,
    status.latest_lcl,
    status.latest_ucl,
    status.latest_signal
from mart_spc_series_status as status
left join dim_school as schools
    on status.school_id = schools.school_id
