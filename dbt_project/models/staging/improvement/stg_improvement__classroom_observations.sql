with

source as (
    select * from {{ source('raw', 'classroom_observations') }}
),

renamed as (
    select
        cast(observation_id as {{ dbt.type_string() }}) as observation_id,
        lower(trim(rubric_domain)) as rubric_domain,
        cast(school_id as {{ dbt.type_string() }}) as school_id,
        cast(teacher_id as {{ dbt.type_string() }}) as teacher_id,
        cast(observer_id as {{ dbt.type_string() }}) as observer_id,
        cast(observation_date as date) as observation_date,
        cast(score as double precision) as score
    from source
)

select * from renamed
