with

teams as (
    select * from {{ ref('int_improvement_teams_unioned') }}
),

final as (
    select
        team_id,
        team_name,
        school_id,
        school_id is null as is_district_team
    from teams
)

select * from final
