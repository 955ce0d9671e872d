{#- Monthly attendance rate on a p chart, one point per school (and the district) x calendar month:
    days present / days enrolled over the month's student-days (n_i = days enrolled), counted in
    int_unit_attendance_months_summed. Centre line and limits from the measure's baseline (seed
    spc_measures: the first 10 months with a value, one school year), then frozen; a month of a
    group under var('min_group_size') students is suppressed and takes no part in the chart. -#}
with

unit_months as (
    select * from {{ ref('int_unit_attendance_months_summed') }}
),

points as (
    select
        *,
        coalesce(school_id, 'district') as series_key,
        month_start_date as period,
        days_present as numerator,
        days_enrolled as denominator,
        n_students < {{ var('min_group_size') }} as is_suppressed
    from unit_months
),

{{ spc_measure_chart('points', 'attendance_rate', 'p', with_denominator=true) }}

final as (
    select
        cast('attendance_rate' as text) as measure_code,
        cast(charted_points.series_key as text) as series_key,
        cast(charted_points.series_level as text) as series_level,
        cast(charted_points.school_id as text) as school_id,
        cast(charted_points.month_start_date as date) as month_start_date,
        cast({{ school_year_of('charted_points.month_start_date') }} as integer) as school_year,
        cast(charted_points.n_students as integer) as n_students,
        charted_points.is_suppressed,
        cast(case when not charted_points.is_suppressed then charted_points.days_enrolled end as integer) as days_enrolled,
        cast(case when not charted_points.is_suppressed then charted_points.days_present end as integer) as days_present,
        {{ spc_mart_columns() }}
    from charted_points
)

select * from final
