{#- Where each improvement team's work is reported: the team itself, its school (school teams
    only) and the district (every team, the district team included). One row per team x rollup
    level, so a fact joined here and grouped by rollup_level and unit_id is counted once per level. -#}
with

teams as (
    select * from {{ ref('int_improvement_teams_unioned') }}
),

rollups as (
    select
        team_id,
        'team' as rollup_level,
        team_id as unit_id,
        school_id
    from teams

    union all

    select
        team_id,
        'school' as rollup_level,
        school_id as unit_id,
        school_id
    from teams
    where school_id is not null

    union all

    select
        team_id,
        'district' as rollup_level,
        'district' as unit_id,
        cast(null as {{ dbt.type_string() }}) as school_id
    from teams
)

select * from rollups
