{#- Statistical process control, one row per point, the way qicharts2 0.8.1 (Anhoej) and the NHS
    "Making Data Count" method draw their charts. Returns a complete `select` (wrap it in a CTE):

        charted as (
            {{ spc_chart('points', 'p', 'series_key', 'month_start_date', 'n_present', 'n_enrolled') }}
        )

    relation     a relation or the name of a CTE defined before the call; one row per series x period
    chart        run | i | p | u | c
    series       expression naming the series (points of different series never mix)
    period       expression ordering the points within a series (date or number)
    value        the value plotted; the numerator for p and u charts
    denominator  the denominator for p and u charts (the point's subgroup size n_i)
    screen_moving_ranges
                 i chart: moving ranges >= 3.267 x their mean are left out and the mean taken again
    baseline_periods
                 the first this-many points of each series set the centre line and limits, which are
                 then frozen (an integer or any SQL scalar expression, e.g. a subquery on a seed;
                 none or null = all points)

    Centre lines: run = median; i = mean, sigma = mean moving range / 1.128; p and u = sum of
    numerators / sum of denominators, limits centre +/- 3 sqrt(centre (1 - centre) / n_i) clipped to
    [0, 1] (p) or centre +/- 3 sqrt(centre / n_i) clipped at 0 (u); c = mean count, limits centre
    +/- 3 sqrt(centre) clipped at 0. A point with a null value (e.g. suppressed) is kept with null
    signals and takes no part in any calculation; the baseline counts points with a value.

    Runs analysis (Anhoej), on the baseline points and, separately, on the points after the
    baseline (as qicharts2 does with `freeze`): points on the centre line are dropped; n_useful =
    the rest; longest_run = longest run on one side; n_crossings = times neighbours lie on opposite
    sides; longest_run_max = round(log2(n_useful)) + 3; n_crossings_min = the 5 % quantile of
    Binomial(n_useful - 1, 0.5), the smallest k with CDF(k) >= 0.05, computed in SQL from
    log-binomial coefficients built as running sums over generate_series (n_useful is data, so it
    cannot be tabulated in Jinja). runs_signal = longest_run > longest_run_max or n_crossings <
    n_crossings_min. sigma_signal = the value lies strictly outside the limits.

    Columns: series, period, numerator, denominator, value, is_baseline, center_line, lcl, ucl,
    sigma_signal, point_side (1 above, -1 below, 0 on the centre line), run_length (of the run the
    point belongs to), and for the point's series and phase: n_useful, longest_run,
    longest_run_max, n_crossings, n_crossings_min, runs_signal. -#}
{% macro spc_chart(relation, chart, series, period, value, denominator=none, screen_moving_ranges=true,
                   baseline_periods=none) -%}
    {% if chart not in ['run', 'i', 'p', 'u', 'c'] -%}
        {{ exceptions.raise_compiler_error("spc_chart: chart must be run, i, p, u or c, not '" ~ chart ~ "'") }}
    {% endif -%}
    {% if chart in ['p', 'u'] and denominator is none -%}
        {{ exceptions.raise_compiler_error("spc_chart: a " ~ chart ~ " chart needs a denominator") }}
    {% endif -%}
    {%- set is_ratio = chart in ['p', 'u'] -%}
    {%- if chart == 'run' -%}
        {%- set center_line = median('spc_phased.value') -%}
    {%- elif is_ratio -%}
        {%- set center_line = 'sum(spc_phased.numerator) / nullif(sum(spc_phased.denominator), 0)' -%}
    {%- else -%}
        {%- set center_line = 'avg(spc_phased.value)' -%}
    {%- endif -%}
with

spc_input as (
    select
        cast({{ series }} as {{ dbt.type_string() }}) as series,
        {{ period }} as period,
        cast({{ value }} as double precision) as numerator,
        cast({{ denominator if denominator is not none else 'null' }} as double precision) as denominator
    from {{ relation }}
),

spc_valued as (
    select
        series,
        period,
        numerator,
        denominator,
        {% if is_ratio %}
        case when denominator > 0 then numerator / denominator end as value
        {% else %}
        numerator as value
        {% endif %}
    from spc_input
),

spc_numbered as (
    select
        series,
        period,
        numerator,
        denominator,
        value,
        row_number() over (partition by series order by period) as point_number
    from spc_valued
    where value is not null
),

spc_phased as (
    select
        *,
        {% if baseline_periods is none %}
        true as is_baseline
        {% else %}
        coalesce(point_number <= ({{ baseline_periods }}), true) as is_baseline
        {% endif %}
    from spc_numbered
),

{% if chart == 'i' %}

spc_moving_ranges as (
    select
        series,
        abs(value - lag(value) over (partition by series order by point_number)) as moving_range
    from spc_phased
    where is_baseline
),

spc_mean_moving_ranges as (
    select
        series,
        avg(moving_range) as mean_moving_range
    from spc_moving_ranges
    group by series
),

spc_screened_moving_ranges as (
    select
        spc_moving_ranges.series,
        avg(spc_moving_ranges.moving_range) as mean_moving_range
    from spc_moving_ranges
    inner join spc_mean_moving_ranges
        on spc_moving_ranges.series = spc_mean_moving_ranges.series
    {% if screen_moving_ranges %}
    where spc_moving_ranges.moving_range < 3.267 * spc_mean_moving_ranges.mean_moving_range
    {% endif %}
    group by spc_moving_ranges.series
),
{% endif %}

spc_baseline_ends as (
    select
        series,
        min(case when not is_baseline then period end) as first_period_after_baseline
    from spc_phased
    group by series
),

spc_centers as (
    select
        spc_phased.series,
        {{ center_line }} as center_line,
        {% if chart == 'i' %}
        -- all moving ranges equal (their mean 0 screens out every one): keep the unscreened mean
        coalesce(max(spc_screened_moving_ranges.mean_moving_range), max(spc_mean_moving_ranges.mean_moving_range))
        / 1.128 as sigma
        {% else %}
        cast(null as double precision) as sigma
        {% endif %}
    from spc_phased
    {% if chart == 'i' %}
    left join spc_mean_moving_ranges
        on spc_phased.series = spc_mean_moving_ranges.series
    left join spc_screened_moving_ranges
        on spc_phased.series = spc_screened_moving_ranges.series
    {% endif %}
    where spc_phased.is_baseline
    group by spc_phased.series
),

spc_limits as (
    select
        spc_valued.series,
        spc_valued.period,
        spc_valued.numerator,
        spc_valued.denominator,
        spc_valued.value,
        -- a point without a value belongs to the baseline period unless a later-phase point precedes it
        coalesce(
            spc_phased.is_baseline,
            spc_baseline_ends.first_period_after_baseline is null
            or spc_valued.period < spc_baseline_ends.first_period_after_baseline,
            true
        ) as is_baseline,
        spc_centers.center_line,
        {% if chart == 'run' %}
        cast(null as double precision) as lcl,
        cast(null as double precision) as ucl
        {% elif chart == 'i' %}
        spc_centers.center_line - 3 * spc_centers.sigma as lcl,
        spc_centers.center_line + 3 * spc_centers.sigma as ucl
        {% elif chart == 'p' %}
        case when spc_valued.denominator > 0 then greatest(0, spc_centers.center_line
            - 3 * sqrt(spc_centers.center_line * (1 - spc_centers.center_line) / spc_valued.denominator)) end as lcl,
        case when spc_valued.denominator > 0 then least(1, spc_centers.center_line
            + 3 * sqrt(spc_centers.center_line * (1 - spc_centers.center_line) / spc_valued.denominator)) end as ucl
        {% elif chart == 'u' %}
        case when spc_valued.denominator > 0 then greatest(0, spc_centers.center_line
            - 3 * sqrt(spc_centers.center_line / spc_valued.denominator)) end as lcl,
        case when spc_valued.denominator > 0 then spc_centers.center_line
            + 3 * sqrt(spc_centers.center_line / spc_valued.denominator) end as ucl
        {% else %}
        greatest(0, spc_centers.center_line - 3 * sqrt(spc_centers.center_line)) as lcl,
        spc_centers.center_line + 3 * sqrt(spc_centers.center_line) as ucl
        {% endif %}
    from spc_valued
    left join spc_phased
        on
            spc_valued.series = spc_phased.series
            and spc_valued.period = spc_phased.period
    left join spc_baseline_ends
        on spc_valued.series = spc_baseline_ends.series
    left join spc_centers
        on spc_valued.series = spc_centers.series
),

{{ spc_runs_analysis('spc_limits') }}

spc_final as (
    select
        spc_limits.series,
        spc_limits.period,
        spc_limits.numerator,
        spc_limits.denominator,
        spc_limits.value,
        spc_limits.is_baseline,
        spc_limits.center_line,
        spc_limits.lcl,
        spc_limits.ucl,
        coalesce(spc_limits.value > spc_limits.ucl or spc_limits.value < spc_limits.lcl, false) as sigma_signal,
        case
            when spc_limits.value > spc_limits.center_line then 1
            when spc_limits.value < spc_limits.center_line then -1
            when spc_limits.value = spc_limits.center_line then 0
        end as point_side,
        spc_run_points.run_length,
        spc_run_phases.n_useful,
        spc_run_phases.longest_run,
        spc_run_phases.longest_run_max,
        spc_run_phases.n_crossings,
        spc_run_phases.n_crossings_min,
        coalesce(
            spc_run_phases.longest_run > spc_run_phases.longest_run_max
            or spc_run_phases.n_crossings < spc_run_phases.n_crossings_min,
            false
        ) as runs_signal
    from spc_limits
    left join spc_run_points
        on
            spc_limits.series = spc_run_points.series
            and spc_limits.period = spc_run_points.period
    left join spc_run_phases
        on
            spc_limits.series = spc_run_phases.series
            and spc_limits.is_baseline = spc_run_phases.is_baseline
)

select * from spc_final
{%- endmacro %}


{#- Anhoej runs analysis over `points` (series, period, value, center_line, is_baseline), phase by
    phase (is_baseline true / false). Emits CTEs (each followed by a comma) ending in
    spc_run_points (series, period, run_length) and spc_run_phases (series, is_baseline, n_useful,
    longest_run, longest_run_max, n_crossings, n_crossings_min). -#}
{% macro spc_runs_analysis(points) -%}
spc_useful as (
    select
        series,
        period,
        is_baseline,
        case when value > center_line then 1 else -1 end as side
    from {{ points }}
    where value is not null and center_line is not null and value <> center_line
),

spc_run_starts as (
    select
        series,
        period,
        is_baseline,
        case
            when side = lag(side) over (partition by series, is_baseline order by period) then 0
            else 1
        end as is_run_start
    from spc_useful
),

spc_run_numbers as (
    select
        series,
        period,
        is_baseline,
        sum(is_run_start) over (
            partition by series, is_baseline
            order by period
            rows between unbounded preceding and current row
        ) as run_number
    from spc_run_starts
),

spc_run_points as (
    select
        series,
        period,
        is_baseline,
        run_number,
        count(*) over (partition by series, is_baseline, run_number) as run_length
    from spc_run_numbers
),

spc_run_counts as (
    select
        series,
        is_baseline,
        count(*) as n_useful,
        max(run_length) as longest_run,
        max(run_number) - 1 as n_crossings
    from spc_run_points
    group by series, is_baseline
),

{#- Binomial(m, 1/2) with m = n_useful - 1: log C(m, k) = sum over j = 1..k of ln(m - j + 1) - ln(j),
    pmf = exp(log C(m, k) - m ln 2), CDF = running sum; only the m that occur are expanded. #}
spc_binomial_terms as (
    select
        trials.n_trials,
        cast(terms.k as integer) as k,
        case
            when terms.k = 0 then 0
            else ln(cast(trials.n_trials - terms.k + 1 as double precision)) - ln(cast(terms.k as double precision))
        end as log_ratio
    from (select distinct n_useful - 1 as n_trials from spc_run_counts) as trials,
        generate_series(0, trials.n_trials) as terms (k)
),

spc_binomial_pmf as (
    select
        n_trials,
        k,
        sum(log_ratio) over (partition by n_trials order by k rows between unbounded preceding and current row)
        - n_trials * ln(cast(2 as double precision)) as log_pmf
    from spc_binomial_terms
),

spc_binomial_cdf as (
    select
        n_trials,
        k,
        sum(case when log_pmf < -700 then 0 else exp(log_pmf) end) over (
            partition by n_trials
            order by k
            rows between unbounded preceding and current row
        ) as cdf
    from spc_binomial_pmf
),

spc_crossings_min as (
    select
        n_trials,
        min(k) as n_crossings_min
    from spc_binomial_cdf
    where cdf >= 0.05
    group by n_trials
),

spc_run_phases as (
    select
        spc_run_counts.series,
        spc_run_counts.is_baseline,
        cast(spc_run_counts.n_useful as integer) as n_useful,
        cast(spc_run_counts.longest_run as integer) as longest_run,
        cast(round(ln(cast(spc_run_counts.n_useful as double precision)) / ln(cast(2 as double precision))) as integer)
        + 3 as longest_run_max,
        cast(spc_run_counts.n_crossings as integer) as n_crossings,
        cast(spc_crossings_min.n_crossings_min as integer) as n_crossings_min
    from spc_run_counts
    left join spc_crossings_min
        on spc_run_counts.n_useful - 1 = spc_crossings_min.n_trials
),
{%- endmacro %}
