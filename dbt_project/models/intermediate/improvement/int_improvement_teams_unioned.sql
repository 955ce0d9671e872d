{#- Every improvement team named by a PDSA cycle, meeting or action item, one row per team:
    its name from the PDSA log and its school from any source (none for the district team). -#}
with

pdsa_cycles as (
    select * from {{ ref('stg_improvement__pdsa_cycles') }}
),

team_meetings as (
    select * from {{ ref('stg_improvement__team_meetings') }}
),

action_items as (
    select * from {{ ref('stg_improvement__action_items') }}
),

mentions as (
    select
        team_id,
        team_name,
        school_id
    from pdsa_cycles

    union all

    select
        team_id,
        cast(null as {{ dbt.type_string() }}) as team_name,
        school_id
    from team_meetings

    union all

    select
        team_id,
        cast(null as {{ dbt.type_string() }}) as team_name,
        cast(null as {{ dbt.type_string() }}) as school_id
    from action_items
),

teams as (
    select
        team_id,
        max(team_name) as team_name,
        max(school_id) as school_id
    from mentions
    group by team_id
)

select * from teams
