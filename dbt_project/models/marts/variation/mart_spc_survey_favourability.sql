{#- Survey favourability on a p chart, one point per school (and the district) x respondent type x
    construct x administration: favourable responses / responses to the construct's items (n_i =
    responses). Respondents: distinct students for student surveys; for staff and family surveys,
    whose respondents are anonymous, the most responses any one item of the construct received (a
    respondent answers an item once). Suppressed when respondents < var('min_group_size').
    Responses of one person are correlated, so these limits are narrower than the item-level
    binomial assumes: read a lone point just outside them with care. All administrations form
    the baseline. -#}
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
),

scored as (
    select * from responses
    where is_favourable is not null and construct is not null
),

administrations as (
    select
        administration_id,
        min(administration_date) as administration_start_date,
        min(school_year) as school_year
    from responses
    group by administration_id
),

unit_administrations as (
    select
        case when grouping(school_id) = 1 then 'district' else 'school' end as series_level,
        coalesce(school_id, 'district') || '|' || respondent_type || '|' || construct as series_key,
        school_id,
        respondent_type,
        construct,
        administration_id,
        count(*) as n_responses,
        sum(case when is_favourable then 1 else 0 end) as n_favourable,
        count(distinct student_key) as n_students
    from scored
    group by
        respondent_type,
        construct,
        administration_id,
        rollup (school_id)  -- noqa: LT01,LT06
),

item_responses as (
    select
        coalesce(school_id, 'district') || '|' || respondent_type || '|' || construct as series_key,
        administration_id,
        item_id,
        count(*) as n_responses
    from scored
    group by
        respondent_type,
        construct,
        administration_id,
        item_id,
        rollup (school_id)  -- noqa: LT01,LT06
),

busiest_items as (
    select
        series_key,
        administration_id,
        max(n_responses) as max_item_responses
    from item_responses
    group by
        series_key,
        administration_id
),

points as (
    select
        unit_administrations.*,
        administrations.administration_start_date,
        administrations.school_year,
        case
            when unit_administrations.respondent_type = 'student' then unit_administrations.n_students
            else busiest_items.max_item_responses
        end as n_respondents,
        administrations.administration_start_date as period,
        unit_administrations.n_favourable as numerator,
        unit_administrations.n_responses as denominator
    from unit_administrations
    inner join administrations
        on unit_administrations.administration_id = administrations.administration_id
    inner join busiest_items
        on
            unit_administrations.series_key = busiest_items.series_key
            and unit_administrations.administration_id = busiest_items.administration_id
),

suppressed as (
    select
        *,
        n_respondents < {{ var('min_group_size') }} as is_suppressed
    from points
),

{{ spc_measure_chart('suppressed', 'survey_favourable_share', 'p', with_denominator=true) }}

final as (
    select
        cast('survey_favourable_share' as text) as measure_code,
        cast(charted_points.series_key as text) as series_key,
        cast(charted_points.series_level as text) as series_level,
        cast(charted_points.school_id as text) as school_id,
        cast(charted_points.respondent_type as text) as respondent_type,
        cast(charted_points.construct as text) as construct,
        cast(charted_points.administration_id as text) as administration_id,
        cast(charted_points.administration_start_date as date) as administration_start_date,
        cast(charted_points.school_year as integer) as school_year,
        cast(case when charted_points.respondent_type = 'student' then charted_points.n_students end as integer) as n_students,
        cast(charted_points.n_respondents as integer) as n_respondents,
        charted_points.is_suppressed,
        cast(case when not charted_points.is_suppressed then charted_points.n_responses end as integer) as n_responses,
        cast(case when not charted_points.is_suppressed then charted_points.n_favourable end as integer) as n_favourable,
        {{ spc_mart_columns() }}
    from charted_points
)

select * from final
