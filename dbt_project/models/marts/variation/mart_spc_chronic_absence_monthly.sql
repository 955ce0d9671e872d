{#- Share of students chronically absent in the school month on a p chart, one point per school
    (and the district) x school month: a block of 20 consecutive school days
    (int_student_attendance_school_months_summed; calendar months differ in length, which moves a
    whole-day threshold). A student enrolled in the block is chronically absent in it when days
    absent / days enrolled >= var('chronic_absence_threshold') over that block, the annual
    definition applied to the block, so each point is a fresh sample (a year-to-date share carries
    the same absences from month to month, and SPC assumes independent points); counted, with
    district points pooling a student's days across schools, in
    int_unit_chronic_absence_school_months_counted. n_i = students enrolled in the block. Centre
    line and limits from the measure's baseline (seed spc_measures: the first 9 school months with a
    value, one school year), then frozen; groups under var('min_group_size') students are suppressed. -#}
with

unit_months as (
    select * from {{ ref('int_unit_chronic_absence_school_months_counted') }}
),

points as (
    select
        *,
        coalesce(school_id, 'district') as series_key,
        school_month_start_date as period,
        n_chronically_absent as numerator,
        n_students as denominator,
        n_students < {{ var('min_group_size') }} as is_suppressed
    from unit_months
),

{{ spc_measure_chart('points', 'chronic_absence_share', 'p', with_denominator=true) }}

final as (
    select
        cast('chronic_absence_share' as text) as measure_code,
        cast(charted_points.series_key as text) as series_key,
        cast(charted_points.series_level as text) as series_level,
        cast(charted_points.school_id as text) as school_id,
        cast(charted_points.school_year as integer) as school_year,
        cast(charted_points.school_month_number as integer) as school_month_number,
        cast(charted_points.school_month_start_date as date) as school_month_start_date,
        cast(charted_points.school_month_end_date as date) as school_month_end_date,
        cast(charted_points.n_students as integer) as n_students,
        charted_points.is_suppressed,
        cast(case when not charted_points.is_suppressed then charted_points.n_chronically_absent end as integer)
            as n_chronically_absent,
        {{ spc_mart_columns() }}
    from charted_points
)

select * from final
