{#- PDSA cycles completed (Study phase done) per month on a c chart, one point per reporting unit
    (team, school, district) x calendar month, zeros included, from mart_pdsa_throughput_monthly.
    A team process measure: it counts cycles, not people, so nothing is suppressed. All months
    form the baseline. -#}
with

throughput as (
    select * from {{ ref('mart_pdsa_throughput_monthly') }}
),

points as (
    select
        *,
        rollup_level || '|' || unit_id as series_key,
        month_start_date as period,
        cycles_completed as numerator,
        cast(null as double precision) as denominator,
        false as is_suppressed
    from throughput
),

{{ spc_measure_chart('points', 'pdsa_cycles_completed', 'c') }}

final as (
    select
        cast('pdsa_cycles_completed' as text) as measure_code,
        cast(charted_points.series_key as text) as series_key,
        cast(charted_points.rollup_level as text) as series_level,
        cast(charted_points.unit_id as text) as unit_id,
        cast(charted_points.school_id as text) as school_id,
        cast(charted_points.month_start_date as date) as month_start_date,
        cast(charted_points.school_year as integer) as school_year,
        cast(charted_points.cycles_completed as integer) as cycles_completed,
        {{ spc_mart_columns() }}
    from charted_points
)

select * from final
