{#- Improvement-team meetings per reporting unit (team, school, district) x calendar month: how
    many, how long, and the share of meeting minutes spent on improvement and learning (minutes,
    not meetings, are pooled: sum of improvement minutes / sum of minutes). -#}
with

meetings as (
    select * from {{ ref('fct_team_meetings') }}
),

rollups as (
    select * from {{ ref('int_improvement_team_rollups') }}
),

unit_months as (
    select * from {{ ref('int_improvement_unit_months_spanned') }}
),

summed as (
    select
        rollups.rollup_level,
        rollups.unit_id,
        cast({{ dbt.date_trunc('month', 'meetings.meeting_date') }} as date) as month_start_date,
        count(*) as n_meetings,
        sum(meetings.minutes_total) as minutes_total,
        sum(meetings.minutes_improvement) as minutes_improvement
    from meetings
    inner join rollups
        on meetings.team_id = rollups.team_id
    where meetings.meeting_date is not null
    group by
        rollups.rollup_level,
        rollups.unit_id,
        cast({{ dbt.date_trunc('month', 'meetings.meeting_date') }} as date)
),

final as (
    select
        {{ unit_month_keys() }},
        cast(coalesce(summed.n_meetings, 0) as integer) as n_meetings,
        cast(coalesce(summed.minutes_total, 0) as integer) as minutes_total,
        cast(coalesce(summed.minutes_improvement, 0) as integer) as minutes_improvement,
        cast({{ safe_divide('summed.minutes_improvement', 'summed.minutes_total') }} as double precision)
            as improvement_share
    from unit_months
    {{ join_unit_months('summed') }}
)

select * from final
