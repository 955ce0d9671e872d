{#- Where each charted series stands now, one row per measure x series: its latest point (the last
    period of the series) with value, limits and signal, classified with the measure's desired
    direction (seed spc_measures) as improvement, deterioration or common_cause; null when the
    latest point is suppressed. Also how many points of the series carried improvement or
    deterioration signals. Built from every mart_spc_* chart. -#}
{%- set charts = [
    {'mart': 'mart_spc_attendance_monthly', 'detail': 'null', 'period': 'month_start_date'},
    {'mart': 'mart_spc_chronic_absence_monthly', 'detail': 'null', 'period': 'school_month_start_date'},
    {'mart': 'mart_spc_continuum_windows', 'detail': 'subject', 'period': 'window_start_date'},
    {'mart': 'mart_spc_survey_favourability', 'detail': "respondent_type || ' ' || construct",
     'period': 'administration_start_date'},
    {'mart': 'mart_spc_pdsa_cycles_monthly', 'detail': "case when series_level = 'team' then unit_id end",
     'period': 'month_start_date', 'n_students': 'null', 'is_suppressed': 'false'},
] -%}
with

measures as (
    select * from {{ ref('spc_measures') }}
),

points as (
    {% for chart in charts %}
        {% if not loop.first %}union all{% endif %}
        select
            measure_code,
            series_key,
            series_level,
            school_id,
            cast({{ chart.detail }} as {{ dbt.type_string() }}) as series_detail,
            {{ chart.period }} as period_start_date,
            cast({{ chart.get('n_students', 'n_students') }} as integer) as n_students,
            {{ chart.get('is_suppressed', 'is_suppressed') }} as is_suppressed,
            value,
            center_line,
            lcl,
            ucl,
            runs_signal,
            point_signal,
            is_latest_point
        from {{ ref(chart.mart) }}
    {% endfor %}
),

series_counts as (
    select
        measure_code,
        series_key,
        count(*) as n_points,
        sum(case when is_suppressed then 1 else 0 end) as n_points_suppressed,
        sum(case when point_signal = 'improvement' then 1 else 0 end) as n_improvement_points,
        sum(case when point_signal = 'deterioration' then 1 else 0 end) as n_deterioration_points
    from points
    group by
        measure_code,
        series_key
),

final as (
    select
        cast(points.measure_code as text) as measure_code,
        cast(points.series_key as text) as series_key,
        cast(measures.measure_name as text) as measure_name,
        cast(measures.desired_direction as text) as desired_direction,
        cast(points.series_level as text) as series_level,
        cast(points.school_id as text) as school_id,
        cast(points.series_detail as text) as series_detail,
        cast(series_counts.n_points as integer) as n_points,
        cast(series_counts.n_points_suppressed as integer) as n_points_suppressed,
        cast(series_counts.n_improvement_points as integer) as n_improvement_points,
        cast(series_counts.n_deterioration_points as integer) as n_deterioration_points,
        cast(points.period_start_date as date) as latest_period_start_date,
        cast(points.n_students as integer) as n_students,
        points.is_suppressed,
        cast(points.value as double precision) as latest_value,
        cast(points.center_line as double precision) as latest_center_line,
        cast(points.lcl as double precision) as latest_lcl,
        cast(points.ucl as double precision) as latest_ucl,
        points.runs_signal as latest_runs_signal,
        cast(points.point_signal as text) as latest_signal
    from points
    inner join series_counts
        on
            points.measure_code = series_counts.measure_code
            and points.series_key = series_counts.series_key
    left join measures
        on points.measure_code = measures.measure_code
    where points.is_latest_point
)

select * from final
