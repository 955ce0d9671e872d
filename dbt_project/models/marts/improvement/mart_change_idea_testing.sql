{#- How far the driver diagram has been tested, one row per driver (primary and secondary): its
    change ideas, how many have been put to a PDSA test (at least one cycle started) and how many
    have been tested (at least one cycle studied), the cycles behind them and the ideas adopted
    (at least one studied cycle decided "adopt"). District-wide, all years to date. -#}
with

change_ideas as (
    select * from {{ ref('dim_change_idea') }}
),

cycles as (
    select * from {{ ref('fct_pdsa_cycles') }}
),

idea_cycles as (
    select
        change_idea_id,
        sum(case when is_started then 1 else 0 end) as cycles_started,
        sum(case when is_completed then 1 else 0 end) as cycles_completed,
        sum(case when is_completed and decision = 'adopt' then 1 else 0 end) as cycles_adopted
    from cycles
    group by change_idea_id
),

ideas as (
    select
        change_ideas.*,
        coalesce(idea_cycles.cycles_started, 0) as cycles_started,
        coalesce(idea_cycles.cycles_completed, 0) as cycles_completed,
        coalesce(idea_cycles.cycles_adopted, 0) as cycles_adopted
    from change_ideas
    left join idea_cycles
        on change_ideas.change_idea_id = idea_cycles.change_idea_id
),

drivers as (
    select
        'primary' as driver_level,
        primary_driver_id as driver_id,
        primary_driver as driver,
        cast(null as {{ dbt.type_string() }}) as primary_driver_id,
        aim_id,
        change_idea_id,
        cycles_started,
        cycles_completed,
        cycles_adopted
    from ideas

    union all

    select
        'secondary' as driver_level,
        secondary_driver_id as driver_id,
        secondary_driver as driver,
        primary_driver_id,
        aim_id,
        change_idea_id,
        cycles_started,
        cycles_completed,
        cycles_adopted
    from ideas
),

summed as (
    select
        driver_level,
        driver_id,
        max(driver) as driver,
        max(primary_driver_id) as primary_driver_id,
        max(aim_id) as aim_id,
        count(distinct change_idea_id) as n_change_ideas,
        count(distinct case when cycles_started > 0 then change_idea_id end) as n_change_ideas_in_test,
        count(distinct case when cycles_completed > 0 then change_idea_id end) as n_change_ideas_tested,
        count(distinct case when cycles_adopted > 0 then change_idea_id end) as n_change_ideas_adopted,
        sum(cycles_started) as cycles_started,
        sum(cycles_completed) as cycles_completed
    from drivers
    where driver_id is not null
    group by
        driver_level,
        driver_id
),

final as (
    select
        cast(driver_level as text) as driver_level,
        cast(driver_id as text) as driver_id,
        cast(driver as text) as driver,
        cast(primary_driver_id as text) as primary_driver_id,
        cast(aim_id as text) as aim_id,
        cast(n_change_ideas as integer) as n_change_ideas,
        cast(n_change_ideas_in_test as integer) as n_change_ideas_in_test,
        cast(n_change_ideas_tested as integer) as n_change_ideas_tested,
        cast({{ safe_divide('n_change_ideas_tested', 'n_change_ideas') }} as double precision) as share_change_ideas_tested,
        cast(n_change_ideas_adopted as integer) as n_change_ideas_adopted,
        cast(cycles_started as integer) as cycles_started,
        cast(cycles_completed as integer) as cycles_completed
    from summed
)

select * from final
