{#- Classroom-observation rubric averages, one row per reporting unit (each school, and the
    district) x school year x rubric domain: observations, teachers observed and the mean score
    (1 to 4). Teachers are counted, never named. -#}
with

observations as (
    select * from {{ ref('fct_classroom_observations') }}
),

summed as (
    select
        case when grouping(school_id) = 1 then 'district' else 'school' end as rollup_level,
        school_id,
        school_year,
        rubric_domain,
        count(distinct observation_id) as n_observations,
        count(distinct teacher_id) as n_teachers_observed,
        avg(score) as mean_score
    from observations
    where score is not null
    group by
        school_year,
        rubric_domain,
        rollup (school_id)  -- noqa: LT01,LT06
),

final as (
    select
        cast(rollup_level as text) as rollup_level,
        cast(coalesce(school_id, 'district') as text) as unit_id,
        cast(school_id as text) as school_id,
        cast(school_year as integer) as school_year,
        cast(rubric_domain as text) as rubric_domain,
        cast(n_observations as integer) as n_observations,
        cast(n_teachers_observed as integer) as n_teachers_observed,
        cast(mean_score as double precision) as mean_score
    from summed
)

select * from final
