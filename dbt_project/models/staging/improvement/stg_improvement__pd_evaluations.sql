with

source as (
    select * from {{ source('raw', 'pd_evaluations') }}
),

renamed as (
    select
        cast(evaluation_id as {{ dbt.type_string() }}) as evaluation_id,
        cast(session_id as {{ dbt.type_string() }}) as session_id,
        cast(session_title as {{ dbt.type_string() }}) as session_title,
        cast(session_date as date) as session_date,
        cast(school_id as {{ dbt.type_string() }}) as school_id,
        cast(respondent_id as {{ dbt.type_string() }}) as respondent_id,
        cast(rating as integer) as rating,
        cast(would_recommend as boolean) as would_recommend
    from source
)

select * from renamed
