with

observations as (
    select * from {{ ref('stg_improvement__classroom_observations') }}
),

final as (
    select
        observation_id,
        rubric_domain,
        school_id,
        teacher_id,
        observer_id,
        observation_date,
        cast({{ school_year_of('observation_date') }} as integer) as school_year,
        score
    from observations
)

select * from final
