{#- Every reporting unit (team, school, district; int_improvement_team_rollups) x every calendar
    month from the first to the last month with any improvement activity in the district (a PDSA
    cycle planned, started or studied, a meeting, an action item created or completed), so months
    without activity are reported as zeros rather than missing. as_of_date is the month's last day,
    or the last activity date for the final month (what "open at month end" is judged on). -#}
with

rollups as (
    select * from {{ ref('int_improvement_team_rollups') }}
),

pdsa_cycles as (
    select * from {{ ref('stg_improvement__pdsa_cycles') }}
),

team_meetings as (
    select * from {{ ref('stg_improvement__team_meetings') }}
),

action_items as (
    select * from {{ ref('stg_improvement__action_items') }}
),

activity_dates as (
    select planned_date as activity_date from pdsa_cycles
    union all
    select started_date as activity_date from pdsa_cycles
    union all
    select studied_date as activity_date from pdsa_cycles
    union all
    select meeting_date as activity_date from team_meetings
    union all
    select created_date as activity_date from action_items
    union all
    select completed_date as activity_date from action_items
),

bounds as (
    select
        cast({{ dbt.date_trunc('month', 'min(activity_date)') }} as date) as first_month_start_date,
        max(activity_date) as last_activity_date,
        cast({{ dbt.datediff('min(activity_date)', 'max(activity_date)', 'month') }} as integer) as n_later_months
    from activity_dates
),

months as (
    select
        cast({{ dbt.dateadd('month', 'month_series.months_after_first', 'bounds.first_month_start_date') }} as date)
            as month_start_date,
        cast({{ dbt.dateadd('month', 'month_series.months_after_first + 1', 'bounds.first_month_start_date') }} as date)
            as next_month_start_date,
        bounds.last_activity_date
    from bounds,
        generate_series(0, bounds.n_later_months) as month_series (months_after_first)
),

units as (
    select distinct
        rollup_level,
        unit_id,
        school_id
    from rollups
),

final as (
    select
        units.rollup_level,
        units.unit_id,
        units.school_id,
        months.month_start_date,
        months.next_month_start_date,
        cast({{ school_year_of('months.month_start_date') }} as integer) as school_year,
        cast(case
            when months.next_month_start_date > months.last_activity_date then months.last_activity_date
            else {{ dbt.dateadd('day', -1, 'months.next_month_start_date') }}
        end as date) as as_of_date
    from units
    cross join months
)

select * from final
