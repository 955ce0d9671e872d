{#- The spc_chart macro reproduces the reference series (seed spc_reference_points): published
    NHSRplotthedots figures and hand-computed run, i, p, u and c charts. Returns the rows that
    differ: a missing point, a null where a value is expected (or the reverse), a number off by more
    than the row's tolerance, or a different signal. -#}
{%- set cases = [
    {'case_id': 'run', 'chart': 'run'},
    {'case_id': 'i', 'chart': 'i'},
    {'case_id': 'i_unscreened', 'chart': 'i', 'screen_moving_ranges': false},
    {'case_id': 'i_baseline', 'chart': 'i', 'baseline_periods': 5},
    {'case_id': 'p', 'chart': 'p', 'denominator': 'denominator'},
    {'case_id': 'u', 'chart': 'u', 'denominator': 'denominator'},
    {'case_id': 'c', 'chart': 'c'},
] -%}
{%- set numbers = ['value', 'center_line', 'lcl', 'ucl', 'n_useful', 'longest_run', 'longest_run_max', 'n_crossings',
                   'n_crossings_min'] -%}
with

reference as (
    select * from {{ ref('spc_reference_points') }}
),
{% for case in cases %}

points_{{ case.case_id }} as (
    select * from reference
    where case_id = '{{ case.case_id }}'
),

charted_{{ case.case_id }} as (
    {{ spc_chart('points_' ~ case.case_id, case.chart, 'series', 'period', 'value',
                 denominator=case.get('denominator'),
                 screen_moving_ranges=case.get('screen_moving_ranges', true),
                 baseline_periods=case.get('baseline_periods')) }}
),
{%- endfor %}

charted as (
    {%- for case in cases %}
    select
        '{{ case.case_id }}' as case_id,
        *
    from charted_{{ case.case_id }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    reference.case_id,
    reference.series,
    reference.period,
    reference.source,
    {%- for column in numbers + ['sigma_signal', 'runs_signal'] %}
    reference.expected_{{ column }},
    charted.{{ column }} as actual_{{ column }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from reference
left join charted
    on
        reference.case_id = charted.case_id
        and reference.series = charted.series
        and reference.period = charted.period
where
    charted.series is null
    {%- for column in numbers %}
    or (charted.{{ column }} is null) <> (reference.expected_{{ column }} is null)
    or abs(charted.{{ column }} - reference.expected_{{ column }}) > reference.tolerance
    {%- endfor %}
    or charted.sigma_signal <> reference.expected_sigma_signal
    or charted.runs_signal <> reference.expected_runs_signal
