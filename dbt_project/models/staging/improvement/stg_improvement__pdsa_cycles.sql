with

source as (
    select * from {{ source('raw', 'pdsa_cycles') }}
),

renamed as (
    select
        cast(cycle_id as {{ dbt.type_string() }}) as cycle_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(team_name as {{ dbt.type_string() }}) as team_name,
        cast(school_id as {{ dbt.type_string() }}) as school_id,
        cast(change_idea_id as {{ dbt.type_string() }}) as change_idea_id,
        cast(planned_date as date) as planned_date,
        cast(started_date as date) as started_date,
        cast(studied_date as date) as studied_date,
        cast(prediction_recorded as boolean) as prediction_recorded,
        cast(predicted_value as double precision) as predicted_value,
        cast(observed_value as double precision) as observed_value,
        cast(study_compared_prediction as boolean) as study_compared_prediction,
        lower(trim(decision)) as decision
    from source
)

select * from renamed
