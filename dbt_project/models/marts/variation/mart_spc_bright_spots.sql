{#- Bright spots and problem areas, one row per school: how many of the school's charted series
    (mart_spc_series_status, school level) end on an improvement signal, a deterioration signal or
    common-cause variation, which ones, and the school's rank both ways, so a leader sees where to
    go and learn (most improvement signals first) and where to help (most deterioration signals
    first). Ties share a rank. A school whose students number fewer than var('min_group_size') in
    its latest school year is suppressed. -#}
with

series_status as (
    select * from {{ ref('mart_spc_series_status') }}
    where series_level = 'school'
),

attendance_years as (
    select * from {{ ref('fct_student_attendance_year') }}
),

latest_students as (
    select
        school_id,
        school_year,
        -- one row per student x school x school year (the tested grain of the fact), so rows are students
        count(*) as n_students,
        row_number() over (partition by school_id order by school_year desc) as recency_rank
    from attendance_years
    group by
        school_id,
        school_year
),

labelled as (
    select
        school_id,
        latest_signal,
        measure_code || case when series_detail is not null then ' (' || series_detail || ')' else '' end as series_label
    from series_status
),

summed as (
    select
        school_id,
        count(*) as n_series,
        sum(case when latest_signal is not null then 1 else 0 end) as n_series_judged,
        sum(case when latest_signal = 'improvement' then 1 else 0 end) as n_improving,
        sum(case when latest_signal = 'deterioration' then 1 else 0 end) as n_deteriorating,
        sum(case when latest_signal = 'common_cause' then 1 else 0 end) as n_common_cause,
        {{ dbt.listagg("case when latest_signal = 'improvement' then series_label end", "', '", "order by series_label") }}
            as improving_series,
        {{ dbt.listagg("case when latest_signal = 'deterioration' then series_label end", "', '", "order by series_label") }}
            as deteriorating_series
    from labelled
    group by school_id
),

judged as (
    select
        summed.*,
        coalesce(latest_students.n_students, 0) as n_students,
        coalesce(latest_students.n_students, 0) < {{ var('min_group_size') }} as is_suppressed
    from summed
    left join latest_students
        on
            summed.school_id = latest_students.school_id
            and latest_students.recency_rank = 1
),

ranked as (
    select
        *,
        case
            when not is_suppressed
                then rank() over (partition by is_suppressed order by n_improving desc, n_deteriorating asc)
        end as bright_spot_rank,
        case
            when not is_suppressed
                then rank() over (partition by is_suppressed order by n_deteriorating desc, n_improving asc)
        end as problem_area_rank
    from judged
),

final as (
    select
        cast(school_id as text) as school_id,
        cast(n_students as integer) as n_students,
        is_suppressed,
        cast(case when not is_suppressed then n_series end as integer) as n_series,
        cast(case when not is_suppressed then n_series_judged end as integer) as n_series_judged,
        cast(case when not is_suppressed then n_improving end as integer) as n_improving,
        cast(case when not is_suppressed then n_deteriorating end as integer) as n_deteriorating,
        cast(case when not is_suppressed then n_common_cause end as integer) as n_common_cause,
        cast(case when not is_suppressed then improving_series end as text) as improving_series,
        cast(case when not is_suppressed then deteriorating_series end as text) as deteriorating_series,
        cast(bright_spot_rank as integer) as bright_spot_rank,
        cast(problem_area_rank as integer) as problem_area_rank
    from ranked
)

select * from final
