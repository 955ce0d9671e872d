{#- The SPC steps every spc mart shares, as CTEs to place after a CTE `points` (one row per
    series_key x period with numerator, denominator and is_suppressed): the measure's policy row
    (seed spc_measures: baseline, desired direction), the chart (spc_chart) over the points that
    are not suppressed, and each point classified. Emits CTEs each followed by a comma, ending in
    charted_points: the points' own columns plus the chart's (limits null on a suppressed point):
      point_signal     improvement / deterioration when the point lies outside the limits or in a
                       run longer than longest_run_max (a shift), by its side of the centre line
                       and the measure's desired_direction; common_cause otherwise; null without a
                       value (suppressed or missing), and on a c chart whose centre line is below 1
                       event a period: counts that rare are mostly 0 and 1, zeros lie below the mean
                       far more often than half the time, so neither the limits nor the runs rules
                       keep their false-alarm rates (chart a longer period, or time between events)
      is_latest_point  the series' last point (its point_signal is the series' latest signal; null
                       when that point is suppressed)
    A crossings-only runs signal (too few crossings, no run too long) has no direction: it is
    reported in runs_signal, not in point_signal. -#}
{% macro spc_measure_chart(points, measure_code, chart, with_denominator=false) -%}
spc_measure as (
    select * from {{ ref('spc_measures') }}
    where measure_code = '{{ measure_code }}'
),

spc_chart_input as (
    select
        series_key,
        period,
        case when not is_suppressed then numerator end as numerator,
        denominator
    from {{ points }}
),

spc_charted as (
    {{ spc_chart('spc_chart_input', chart, 'series_key', 'period', 'numerator',
                 denominator='denominator' if with_denominator else none,
                 baseline_periods='select spc_measure.baseline_periods from spc_measure') }}
),

spc_classified as (
    select
        spc_charted.*,
        case
            when spc_charted.value is null then null
            {% if chart == 'c' -%}
            when spc_charted.center_line < 1 then null
            {% endif -%}
            when spc_charted.sigma_signal or spc_charted.run_length > spc_charted.longest_run_max
                then case
                    when spc_charted.point_side = case spc_measure.desired_direction when 'higher_is_better' then 1 else -1 end
                        then 'improvement'
                    else 'deterioration'
                end
            else 'common_cause'
        end as point_signal,
        spc_charted.period = max(spc_charted.period) over (partition by spc_charted.series) as is_latest_point
    from spc_charted
    cross join spc_measure
),

charted_points as (
    select
        {{ points }}.*,
        spc_classified.value,
        spc_classified.center_line,
        case when not {{ points }}.is_suppressed then spc_classified.lcl end as lcl,
        case when not {{ points }}.is_suppressed then spc_classified.ucl end as ucl,
        spc_classified.is_baseline,
        spc_classified.sigma_signal,
        spc_classified.point_side,
        spc_classified.run_length,
        spc_classified.n_useful,
        spc_classified.longest_run,
        spc_classified.longest_run_max,
        spc_classified.n_crossings,
        spc_classified.n_crossings_min,
        spc_classified.runs_signal,
        spc_classified.point_signal,
        spc_classified.is_latest_point
    from {{ points }}
    inner join spc_classified
        on
            {{ points }}.series_key = spc_classified.series
            and {{ points }}.period = spc_classified.period
),
{%- endmacro %}


{#- The chart columns every spc mart ends with, typed for the contract, from charted_points. -#}
{% macro spc_mart_columns() -%}
    cast(charted_points.value as double precision) as value,
    cast(charted_points.center_line as double precision) as center_line,
    cast(charted_points.lcl as double precision) as lcl,
    cast(charted_points.ucl as double precision) as ucl,
    charted_points.is_baseline,
    charted_points.sigma_signal,
    cast(charted_points.point_side as integer) as point_side,
    cast(charted_points.run_length as integer) as run_length,
    cast(charted_points.n_useful as integer) as n_useful,
    cast(charted_points.longest_run as integer) as longest_run,
    cast(charted_points.longest_run_max as integer) as longest_run_max,
    cast(charted_points.n_crossings as integer) as n_crossings,
    cast(charted_points.n_crossings_min as integer) as n_crossings_min,
    charted_points.runs_signal,
    cast(charted_points.point_signal as text) as point_signal,
    charted_points.is_latest_point
{%- endmacro %}
