{#- Action-item follow-through per reporting unit (team, school, district) x calendar month:
    items opened (created) and closed (completed) in the month, closed on time (completed on or
    before the due date), and the items still open at month end (as_of_date: the month's last day,
    or the last activity date in the final month) with their age and how many are past due. -#}
with

action_items as (
    select * from {{ ref('fct_action_items') }}
),

rollups as (
    select * from {{ ref('int_improvement_team_rollups') }}
),

unit_months as (
    select * from {{ ref('int_improvement_unit_months_spanned') }}
),

unit_items as (
    select
        rollups.rollup_level,
        rollups.unit_id,
        action_items.*
    from action_items
    inner join rollups
        on action_items.team_id = rollups.team_id
),

unit_month_items as (
    select
        unit_months.rollup_level,
        unit_months.unit_id,
        unit_months.month_start_date,
        unit_items.created_date >= unit_months.month_start_date as is_opened,
        coalesce(
            unit_items.completed_date >= unit_months.month_start_date
            and unit_items.completed_date < unit_months.next_month_start_date,
            false
        ) as is_closed,
        coalesce(unit_items.is_completed_on_time, false) as is_completed_on_time,
        coalesce(unit_items.completed_date > unit_months.as_of_date, true) as is_open,
        coalesce(unit_items.due_date < unit_months.as_of_date, false) as is_past_due,
        {{ days_between('unit_items.created_date', 'unit_months.as_of_date') }} as age_days
    from unit_months
    inner join unit_items
        on
            unit_months.rollup_level = unit_items.rollup_level
            and unit_months.unit_id = unit_items.unit_id
            and unit_months.as_of_date >= unit_items.created_date
),

flows as (
    select
        rollup_level,
        unit_id,
        month_start_date,
        sum(case when is_opened then 1 else 0 end) as items_opened,
        sum(case when is_closed then 1 else 0 end) as items_closed,
        sum(case when is_closed and is_completed_on_time then 1 else 0 end) as items_closed_on_time,
        sum(case when is_open then 1 else 0 end) as items_open_at_month_end,
        sum(case when is_open and is_past_due then 1 else 0 end) as items_overdue_at_month_end,
        {{ median('case when is_open then age_days end') }} as median_open_age_days,
        max(case when is_open then age_days end) as max_open_age_days
    from unit_month_items
    group by
        rollup_level,
        unit_id,
        month_start_date
),

final as (
    select
        {{ unit_month_keys() }},
        cast(unit_months.as_of_date as date) as as_of_date,
        cast(coalesce(flows.items_opened, 0) as integer) as items_opened,
        cast(coalesce(flows.items_closed, 0) as integer) as items_closed,
        cast(coalesce(flows.items_closed_on_time, 0) as integer) as items_closed_on_time,
        cast({{ safe_divide('flows.items_closed_on_time', 'flows.items_closed') }} as double precision)
            as share_closed_on_time,
        cast(coalesce(flows.items_open_at_month_end, 0) as integer) as items_open_at_month_end,
        cast(coalesce(flows.items_overdue_at_month_end, 0) as integer) as items_overdue_at_month_end,
        cast(flows.median_open_age_days as double precision) as median_open_age_days,
        cast(flows.max_open_age_days as integer) as max_open_age_days
    from unit_months
    {{ join_unit_months('flows') }}
)

select * from final
