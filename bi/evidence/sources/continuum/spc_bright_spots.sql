select
    schools.school_name,
    spots.n_series_judged,
    spots.n_improving,
    spots.n_deteriorating,
    spots.n_common_cause,
    spots.improving_series,
    spots.deteriorating_series,
    spots.bright_spot_rank,
    spots.problem_area_rank
from mart_spc_bright_spots as spots
inner join dim_school as schools
    on spots.school_id = schools.school_id
where not spots.is_suppressed
