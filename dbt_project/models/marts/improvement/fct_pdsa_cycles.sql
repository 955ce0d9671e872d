with

cycles as (
    select * from {{ ref('stg_improvement__pdsa_cycles') }}
),

final as (
    select
        cycle_id,
        team_id,
        school_id,
        change_idea_id,
        planned_date,
        started_date,
        studied_date,
        cast({{ school_year_of('planned_date') }} as integer) as school_year,
        started_date is not null as is_started,
        studied_date is not null as is_completed,
        cast({{ days_between('started_date', 'studied_date') }} as integer) as cycle_length_days,
        prediction_recorded,
        study_compared_prediction,
        predicted_value,
        observed_value,
        decision
    from cycles
)

select * from final
