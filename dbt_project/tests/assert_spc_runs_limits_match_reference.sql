{#- Anhoej's runs limits from the spc_chart macro equal the reference table (seed
    spc_reference_runs_limits: qicharts2's published n = 10, 24, 100 and exact binomial sums up to
    n = 2000) for series of n points alternating 0, 1 around their mean (all useful, n - 1
    crossings). Returns the n whose limits differ. -#}
with

reference as (
    select * from {{ ref('spc_reference_runs_limits') }}
),

points as (
    select
        reference.n_useful as series,
        terms.period,
        mod(terms.period, 2) as value
    from reference,
        generate_series(1, reference.n_useful) as terms (period)
),

charted as (
    {{ spc_chart('points', 'i', 'series', 'period', 'value') }}
),

limits as (
    select
        series,
        min(n_useful) as n_useful,
        min(longest_run_max) as longest_run_max,
        max(longest_run_max) as longest_run_max_high,
        min(n_crossings_min) as n_crossings_min,
        max(n_crossings_min) as n_crossings_min_high,
        bool_or(runs_signal) as any_runs_signal
    from charted
    group by series
)

select
    reference.n_useful as expected_n_useful,
    limits.n_useful,
    reference.longest_run_max as expected_longest_run_max,
    limits.longest_run_max,
    reference.n_crossings_min as expected_n_crossings_min,
    limits.n_crossings_min
from reference
left join limits
    on cast(reference.n_useful as {{ dbt.type_string() }}) = limits.series
where
    limits.series is null
    or limits.n_useful <> reference.n_useful
    or limits.longest_run_max <> reference.longest_run_max
    or limits.longest_run_max_high <> reference.longest_run_max
    or limits.n_crossings_min <> reference.n_crossings_min
    or limits.n_crossings_min_high <> reference.n_crossings_min
    or limits.any_runs_signal
