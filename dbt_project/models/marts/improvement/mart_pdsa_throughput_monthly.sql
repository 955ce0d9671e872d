{#- PDSA throughput per reporting unit (team, school, district) x calendar month. Each cycle counts
    in the month of each phase it reached: planned (planned_date), started (started_date: the Do
    phase; a prediction must be written before it), completed (studied_date: the Study phase; the
    comparison of prediction with result and the adopt/adapt/abandon decision belong to it). -#}
with

cycles as (
    select * from {{ ref('fct_pdsa_cycles') }}
),

rollups as (
    select * from {{ ref('int_improvement_team_rollups') }}
),

unit_months as (
    select * from {{ ref('int_improvement_unit_months_spanned') }}
),

cycle_events as (
    select
        team_id,
        'planned' as cycle_event,
        cast({{ dbt.date_trunc('month', 'planned_date') }} as date) as month_start_date,
        cast(null as integer) as cycle_length_days,
        false as is_flagged,
        cast(null as {{ dbt.type_string() }}) as decision
    from cycles
    where planned_date is not null

    union all

    select
        team_id,
        'started' as cycle_event,
        cast({{ dbt.date_trunc('month', 'started_date') }} as date) as month_start_date,
        cast(null as integer) as cycle_length_days,
        coalesce(prediction_recorded, false) as is_flagged,
        cast(null as {{ dbt.type_string() }}) as decision
    from cycles
    where started_date is not null

    union all

    select
        team_id,
        'completed' as cycle_event,
        cast({{ dbt.date_trunc('month', 'studied_date') }} as date) as month_start_date,
        cycle_length_days,
        coalesce(study_compared_prediction, false) as is_flagged,
        decision
    from cycles
    where studied_date is not null
),

unit_events as (
    select
        rollups.rollup_level,
        rollups.unit_id,
        cycle_events.*
    from cycle_events
    inner join rollups
        on cycle_events.team_id = rollups.team_id
),

summed as (
    select
        rollup_level,
        unit_id,
        month_start_date,
        sum(case when cycle_event = 'planned' then 1 else 0 end) as cycles_planned,
        sum(case when cycle_event = 'started' then 1 else 0 end) as cycles_started,
        sum(case when cycle_event = 'started' and is_flagged then 1 else 0 end) as cycles_started_with_prediction,
        sum(case when cycle_event = 'completed' then 1 else 0 end) as cycles_completed,
        sum(case when cycle_event = 'completed' and is_flagged then 1 else 0 end) as cycles_completed_compared,
        {{ median("case when cycle_event = 'completed' then cycle_length_days end") }} as median_cycle_length_days,
        sum(case when cycle_event = 'completed' and decision = 'adopt' then 1 else 0 end) as cycles_adopted,
        sum(case when cycle_event = 'completed' and decision = 'adapt' then 1 else 0 end) as cycles_adapted,
        sum(case when cycle_event = 'completed' and decision = 'abandon' then 1 else 0 end) as cycles_abandoned
    from unit_events
    group by
        rollup_level,
        unit_id,
        month_start_date
),

final as (
    select
        {{ unit_month_keys() }},
        cast(coalesce(summed.cycles_planned, 0) as integer) as cycles_planned,
        cast(coalesce(summed.cycles_started, 0) as integer) as cycles_started,
        cast(coalesce(summed.cycles_completed, 0) as integer) as cycles_completed,
        cast(summed.median_cycle_length_days as double precision) as median_cycle_length_days,
        cast(coalesce(summed.cycles_started_with_prediction, 0) as integer) as cycles_started_with_prediction,
        cast({{ safe_divide('summed.cycles_started_with_prediction', 'summed.cycles_started') }} as double precision)
            as share_started_with_prediction,
        cast(coalesce(summed.cycles_completed_compared, 0) as integer) as cycles_completed_compared,
        cast({{ safe_divide('summed.cycles_completed_compared', 'summed.cycles_completed') }} as double precision)
            as share_completed_compared,
        cast(coalesce(summed.cycles_adopted, 0) as integer) as cycles_adopted,
        cast(coalesce(summed.cycles_adapted, 0) as integer) as cycles_adapted,
        cast(coalesce(summed.cycles_abandoned, 0) as integer) as cycles_abandoned
    from unit_months
    {{ join_unit_months('summed') }}
)

select * from final
