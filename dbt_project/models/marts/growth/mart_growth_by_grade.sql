{#- Where students stand on the learner continuum and how fast they move, per grade, for every
    school and the district: BI-facing, every figure withheld when the grade's cell is suppressed. -#}
with

cells as (
    select * from {{ ref('int_growth_by_grade_suppressed') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

shown as (
    select
        cells.reporting_level,
        cells.district_id,
        cells.school_id,
        schools.school_name,
        cells.school_year,
        cells.subject,
        cells.grade_level,
        case
            when cells.grade_level is null then 'All grades'
            when cells.grade_level = -1 then 'Pre-K'
            when cells.grade_level = 0 then 'Kindergarten'
            else 'Grade ' || cast(cells.grade_level as text)
        end as grade_label,
        cells.is_suppressed,
        cells.suppression_reason,
        case when not cells.is_suppressed then cells.n_students end as n_students,
        case when not cells.is_suppressed then cells.n_at_or_above_grade_level end as n_at_or_above_grade_level,
        case when not cells.is_suppressed then cells.n_under_one_level_behind end as n_under_one_level_behind,
        case when not cells.is_suppressed then cells.n_one_level_behind end as n_one_level_behind,
        case when not cells.is_suppressed then cells.n_priority_levels_behind end as n_priority_levels_behind,
        case when not cells.is_suppressed then cells.n_growth_judged end as n_growth_judged,
        case when not cells.is_suppressed then cells.n_gained_one_level_per_year end as n_gained_one_level_per_year,
        case when not cells.is_suppressed then cells.n_behind end as n_behind,
        case when not cells.is_suppressed then cells.n_on_track_to_catch_up end as n_on_track_to_catch_up,
        case when not cells.is_suppressed then cells.median_years_to_grade_level end as median_years_to_grade_level
    from cells
    left join schools
        on cells.school_id = schools.school_id
),

shares as (
    select
        *,
        {{ safe_divide('n_at_or_above_grade_level', 'n_students') }} as exact_at_or_above_grade_level,
        {{ safe_divide('n_under_one_level_behind', 'n_students') }} as exact_under_one_level_behind,
        {{ safe_divide('n_one_level_behind', 'n_students') }} as exact_one_level_behind,
        {{ safe_divide('n_priority_levels_behind', 'n_students') }} as exact_priority_levels_behind,
        {{ safe_divide('n_gained_one_level_per_year', 'n_growth_judged') }} as exact_gained_one_level_per_year,
        {{ safe_divide('n_on_track_to_catch_up', 'n_behind') }} as exact_behind_on_track_to_catch_up
    from shown
),

-- privacy rule 3: a share near 0% or 100% of a small group names fewer than min_group_size students
bounded as (
    select
        *,
        {{ share_bound('exact_at_or_above_grade_level', 'n_students') }} as bound_at_or_above_grade_level,
        {{ share_bound('exact_under_one_level_behind', 'n_students') }} as bound_under_one_level_behind,
        {{ share_bound('exact_one_level_behind', 'n_students') }} as bound_one_level_behind,
        {{ share_bound('exact_priority_levels_behind', 'n_students') }} as bound_priority_levels_behind,
        {{ share_bound('exact_gained_one_level_per_year', 'n_growth_judged') }} as bound_gained_one_level_per_year,
        {{ share_bound('exact_behind_on_track_to_catch_up', 'n_behind') }} as bound_behind_on_track_to_catch_up
    from shares
),

final as (
    select
        cast(reporting_level as text) as reporting_level,
        cast(district_id as text) as district_id,
        cast(school_id as text) as school_id,
        cast(school_name as text) as school_name,
        cast(school_year as integer) as school_year,
        cast(subject as text) as subject,
        cast(grade_level as integer) as grade_level,
        cast(grade_label as text) as grade_label,
        cast(is_suppressed as boolean) as is_suppressed,
        cast(suppression_reason as text) as suppression_reason,
        cast(n_students as integer) as n_students,
        cast(case when bound_at_or_above_grade_level is null then exact_at_or_above_grade_level end as double precision)
            as share_at_or_above_grade_level,
        cast(case when bound_under_one_level_behind is null then exact_under_one_level_behind end as double precision)
            as share_under_one_level_behind,
        cast(case when bound_one_level_behind is null then exact_one_level_behind end as double precision)
            as share_one_level_behind,
        cast(case when bound_priority_levels_behind is null then exact_priority_levels_behind end as double precision)
            as share_priority_levels_behind,
        cast(n_growth_judged as integer) as n_growth_judged,
        cast(case when bound_gained_one_level_per_year is null then exact_gained_one_level_per_year end as double precision)
            as share_gained_one_level_per_year,
        cast(n_behind as integer) as n_behind,
        cast(case when bound_behind_on_track_to_catch_up is null then exact_behind_on_track_to_catch_up end as double precision)
            as share_behind_on_track_to_catch_up,
        cast(median_years_to_grade_level as double precision) as median_years_to_grade_level
    from bounded
)

select * from final
