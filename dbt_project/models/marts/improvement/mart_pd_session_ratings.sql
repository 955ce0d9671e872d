{#- Professional-development session ratings, one row per session x reporting unit (each school
    whose staff rated it, and the district): how many evaluations, the mean rating (1 to 5), the
    share rating it 4 or 5, and the share who would recommend it. Evaluations are anonymous staff
    responses; no person is identified. -#}
with

evaluations as (
    select * from {{ ref('fct_pd_evaluations') }}
),

summed as (
    select
        session_id,
        case when grouping(school_id) = 1 then 'district' else 'school' end as rollup_level,
        school_id,
        max(session_title) as session_title,
        min(session_date) as session_date,
        min(school_year) as school_year,
        count(*) as n_evaluations,
        count(rating) as n_ratings,
        avg(cast(rating as double precision)) as mean_rating,
        sum(case when rating >= 4 then 1 else 0 end) as n_rated_4_or_5,
        count(would_recommend) as n_recommend_answers,
        sum(case when would_recommend then 1 else 0 end) as n_would_recommend
    from evaluations
    group by
        session_id,
        rollup (school_id)  -- noqa: LT01,LT06
),

final as (
    select
        cast(session_id as text) as session_id,
        cast(rollup_level as text) as rollup_level,
        cast(coalesce(school_id, 'district') as text) as unit_id,
        cast(school_id as text) as school_id,
        cast(session_title as text) as session_title,
        cast(session_date as date) as session_date,
        cast(school_year as integer) as school_year,
        cast(n_evaluations as integer) as n_evaluations,
        cast(mean_rating as double precision) as mean_rating,
        cast({{ safe_divide('n_rated_4_or_5', 'n_ratings') }} as double precision) as share_rated_4_or_5,
        cast({{ safe_divide('n_would_recommend', 'n_recommend_answers') }} as double precision) as share_would_recommend
    from summed
    -- evaluations without a school count for the district only
    where rollup_level = 'district' or school_id is not null
)

select * from final
