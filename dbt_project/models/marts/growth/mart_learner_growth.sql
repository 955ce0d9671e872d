{#- Growth on the learner continuum, one row per student x subject x school year (restricted use,
    pseudonymous): first and latest level of the year, levels gained, growth annualised over the
    days between the first and latest assessment, distance from the level expected for the grade
    at the latest window, and the flags built on them. Thresholds are district policy (vars).
    Incremental by the window's school year (macros/incremental_partitions.sql, chain
    learner_growth): an assessment delivery rebuilds the school years of its windows; a roster or
    program delivery every year. -#}
{{ partitioned_incremental('learner_growth', 'school_year', 'school_year', on_schema_change='fail') }}
{%- set min_windows = var('growth_min_windows') -%}
{%- set min_span_days = var('growth_min_span_days') -%}
{%- set priority_levels_behind = var('priority_levels_behind') -%}
{%- set catch_up_years = var('catch_up_years') -%}
{%- set not_progressing_min_span_days = var('not_progressing_min_span_days') -%}
{%- set rapid_growth_multiple = var('rapid_growth_multiple') -%}
{#- Units, not policy: the continuum expects one level per school year (continuum_grade_expectations),
    and growth is annualised over the mean calendar year. -#}
{%- set levels_per_year = 1 -%}
{%- set days_per_year = 365.25 -%}
with

window_levels as (
    select * from {{ ref('int_learner_window_levels_selected') }}
    where {{ incremental_partition_predicate('learner_growth', 'school_year', 'school_year') }}
),

windows_ranked as (
    select
        student_key,
        student_year_key,
        subject,
        school_year,
        school_id,
        grade_level,
        window_id,
        assessment_date,
        continuum_level,
        expected_level,
        row_number() over (
            partition by student_key, subject, school_year
            order by window_order asc, assessment_date asc, window_id asc
        ) as first_rank,
        row_number() over (
            partition by student_key, subject, school_year
            order by window_order desc, assessment_date desc, window_id desc
        ) as latest_rank
    from window_levels
),

student_years as (
    select
        student_key,
        subject,
        school_year,
        student_year_key,
        school_id,
        grade_level,
        -- one row per student x subject x window (the tested grain of the levels), so rows are windows:
        -- a distinct count costs a hash set per group
        count(*) as n_windows,
        max(case when latest_rank = 1 then window_id end) as latest_window_id,
        min(case when first_rank = 1 then assessment_date end) as first_assessment_date,
        max(case when latest_rank = 1 then assessment_date end) as last_assessment_date,
        min(case when first_rank = 1 then continuum_level end) as first_level,
        max(case when latest_rank = 1 then continuum_level end) as last_level,
        max(case when latest_rank = 1 then expected_level end) as expected_level
    from windows_ranked
    group by
        student_key,
        subject,
        school_year,
        student_year_key,
        school_id,
        grade_level
),

growth as (
    select
        *,
        {{ days_between('first_assessment_date', 'last_assessment_date') }} as assessment_span_days,
        case
            when n_windows >= {{ min_windows }} then last_level - first_level
        end as levels_gained,
        expected_level - last_level as levels_behind
    from student_years
),

annualised as (
    select
        *,
        case
            when levels_gained is not null and assessment_span_days >= {{ min_span_days }}
                then {{ safe_divide('levels_gained * ' ~ days_per_year, 'assessment_span_days') }}
        end as annualised_growth
    from growth
),

grade_medians as (
    select
        grade_level,
        subject,
        school_year,
        {{ median('annualised_growth') }} as median_annualised_growth
    from annualised
    where annualised_growth is not null
    group by
        grade_level,
        subject,
        school_year
),

flagged as (
    select
        annualised.*,
        grade_medians.median_annualised_growth,
        case
            when annualised.levels_behind > 0 and annualised.annualised_growth > {{ levels_per_year }}
                then {{ safe_divide('annualised.levels_behind', 'annualised.annualised_growth - ' ~ levels_per_year) }}
        end as years_to_grade_level
    from annualised
    left join grade_medians
        on
            annualised.grade_level = grade_medians.grade_level
            and annualised.subject = grade_medians.subject
            and annualised.school_year = grade_medians.school_year
),

final as (
    select
        cast(student_key as text) as student_key,
        cast(subject as text) as subject,
        cast(school_year as integer) as school_year,
        cast(student_year_key as text) as student_year_key,
        cast(school_id as text) as school_id,
        cast(grade_level as integer) as grade_level,
        cast(n_windows as integer) as n_windows,
        cast(latest_window_id as text) as latest_window_id,
        cast(first_assessment_date as date) as first_assessment_date,
        cast(last_assessment_date as date) as last_assessment_date,
        cast(assessment_span_days as integer) as assessment_span_days,
        cast(first_level as double precision) as first_level,
        cast(last_level as double precision) as last_level,
        cast(expected_level as double precision) as expected_level,
        cast(levels_gained as double precision) as levels_gained,
        cast(annualised_growth as double precision) as annualised_growth,
        cast(median_annualised_growth as double precision) as median_annualised_growth,
        cast(levels_behind as double precision) as levels_behind,
        cast(years_to_grade_level as double precision) as years_to_grade_level,
        levels_behind >= {{ priority_levels_behind }} as is_priority,
        annualised_growth >= {{ levels_per_year }} as gained_one_level_per_year,
        case
            when levels_behind > 0 and annualised_growth is not null
                then coalesce(years_to_grade_level <= {{ catch_up_years }}, false)
        end as on_track_to_catch_up,
        levels_behind <= 0 and annualised_growth >= {{ levels_per_year }} as keeping_up,
        case
            when levels_gained is not null and assessment_span_days >= {{ not_progressing_min_span_days }}
                then levels_gained <= 0
        end as is_not_progressing,
        case
            when annualised_growth is not null and median_annualised_growth > 0
                then annualised_growth >= {{ rapid_growth_multiple }} * median_annualised_growth
        end as is_advancing_rapidly
    from flagged
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by school_year
