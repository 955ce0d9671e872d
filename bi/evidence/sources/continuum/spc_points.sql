-- Every control/run chart point of the variation marts in one shape: one row per series and period.
-- signal_value repeats the value where the point is a special-cause signal, so charts can mark it.
with points as (
    select measure_code, series_key, series_level, school_id, cast(null as varchar) as series_detail,
        month_start_date as period_start, is_suppressed, value, center_line, lcl, ucl, point_signal, runs_signal
    from mart_spc_attendance_monthly
    union all
    select measure_code, series_key, series_level, school_id, null,
        school_month_start_date, is_suppressed, value, center_line, lcl, ucl, point_signal, runs_signal
    from mart_spc_chronic_absence_monthly
    union all
    select measure_code, series_key, series_level, school_id, subject,
        window_start_date, is_suppressed, value, center_line, lcl, ucl, point_signal, runs_signal
    from mart_spc_continuum_windows
    union all
    select measure_code, series_key, series_level, school_id, respondent_type || ': ' || construct,
        administration_start_date, is_suppressed, value, center_line, lcl, ucl, point_signal, runs_signal
    from mart_spc_survey_favourability
    union all
    select measure_code, series_key, series_level, school_id, unit_id,
        month_start_date, false, value, center_line, lcl, ucl, point_signal, runs_signal
    from mart_spc_pdsa_cycles_monthly
)

select
    points.*,
    coalesce(schools.school_name, 'District') as unit_name,
    case when point_signal in ('improvement', 'deterioration') then value end as signal_value
from points
left join dim_school as schools
    on points.school_id = schools.school_id
