with

evaluations as (
    select * from {{ ref('stg_improvement__pd_evaluations') }}
),

final as (
    select
        evaluation_id,
        session_id,
        session_title,
        session_date,
        cast({{ school_year_of('session_date') }} as integer) as school_year,
        school_id,
        rating,
        would_recommend
    from evaluations
)

select * from final
