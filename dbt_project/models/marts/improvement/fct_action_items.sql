with

action_items as (
    select * from {{ ref('stg_improvement__action_items') }}
),

final as (
    select
        action_item_id,
        team_id,
        meeting_id,
        description,
        created_date,
        due_date,
        completed_date,
        cast({{ school_year_of('created_date') }} as integer) as school_year,
        completed_date is not null as is_completed,
        -- on time: completed on or before the due date; open items are not (yet) on time;
        -- an item without a due date cannot be judged
        case
            when due_date is null then null
            when completed_date is null then false
            else completed_date <= due_date
        end as is_completed_on_time,
        cast({{ days_between('created_date', 'completed_date') }} as integer) as days_to_complete
    from action_items
)

select * from final
