{#- Mean continuum level against grade-level expectation on an i (XmR) chart, one point per school
    (and the district) x subject x assessment window: the mean over the students levelled in the
    window of (continuum level - level expected for their grade and window). Raw levels rise by
    design from window to window, which a chart would flag every time; the distance from the
    expectation is flat while students grow one level a year, so a signal means growth changed.
    Students without an expected level (no seed row for their grade) are left out. Each
    student's school is the one of dim_student for that school year. All windows form the
    baseline; groups under var('min_group_size') students are suppressed. -#}
with

window_levels as (
    select * from {{ ref('int_learner_window_levels_selected') }}
),

windows as (
    select * from {{ ref('dim_assessment_window') }}
),

levelled as (
    select
        window_levels.student_key,
        window_levels.school_id,
        window_levels.subject,
        window_levels.window_id,
        windows.school_year,
        windows.start_date as window_start_date,
        window_levels.continuum_level,
        window_levels.expected_level
    from window_levels
    inner join windows
        on window_levels.window_id = windows.window_id
    where window_levels.expected_level is not null
),

unit_windows as (
    select
        case when grouping(school_id) = 1 then 'district' else 'school' end as series_level,
        school_id,
        subject,
        window_id,
        min(school_year) as school_year,
        min(window_start_date) as window_start_date,
        -- one row per student x subject x window (the tested grain of the levels), so rows are students;
        -- a distinct count over the rollup cost 1 s of 1.1 at 100k students
        count(*) as n_students,
        avg(continuum_level) as mean_continuum_level,
        avg(expected_level) as mean_expected_level,
        avg(continuum_level - expected_level) as mean_levels_vs_expected
    from levelled
    group by
        subject,
        window_id,
        rollup (school_id)  -- noqa: LT01,LT06
),

points as (
    select
        *,
        coalesce(school_id, 'district') || '|' || subject as series_key,
        window_start_date as period,
        mean_levels_vs_expected as numerator,
        cast(null as double precision) as denominator,
        n_students < {{ var('min_group_size') }} as is_suppressed
    from unit_windows
    where series_level = 'district' or school_id is not null
),

{{ spc_measure_chart('points', 'continuum_level_vs_expected', 'i') }}

final as (
    select
        cast('continuum_level_vs_expected' as text) as measure_code,
        cast(charted_points.series_key as text) as series_key,
        cast(charted_points.series_level as text) as series_level,
        cast(charted_points.school_id as text) as school_id,
        cast(charted_points.subject as text) as subject,
        cast(charted_points.window_id as text) as window_id,
        cast(charted_points.window_start_date as date) as window_start_date,
        cast(charted_points.school_year as integer) as school_year,
        cast(charted_points.n_students as integer) as n_students,
        charted_points.is_suppressed,
        cast(case when not charted_points.is_suppressed then charted_points.mean_continuum_level end as double precision)
            as mean_continuum_level,
        cast(case when not charted_points.is_suppressed then charted_points.mean_expected_level end as double precision)
            as mean_expected_level,
        {{ spc_mart_columns() }}
    from charted_points
)

select * from final
