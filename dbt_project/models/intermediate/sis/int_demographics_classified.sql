{#- Race/ethnicity by the federal rules (docs/warehouse-design.md):
    Hispanic/Latino whenever the ethnicity flag is set; otherwise two or more races when more than
    one race flag is set, or the two-or-more flag is set with no single race; otherwise the single
    race flagged (two-or-more flag plus exactly one race -> that race); otherwise not_reported.
    The rule picks the OneRoster flag that decides; xwalk_race_ethnicity maps it to the code. -#}
with

demographics as (
    select * from {{ ref('stg_sis__demographics') }}
),

race_ethnicity as (
    select * from {{ ref('xwalk_race_ethnicity') }}
),

counted as (
    select
        *,
        (
            case when is_american_indian_alaska_native then 1 else 0 end
            + case when is_asian then 1 else 0 end
            + case when is_black then 1 else 0 end
            + case when is_native_hawaiian_pacific_islander then 1 else 0 end
            + case when is_white then 1 else 0 end
        ) as n_race_flags
    from demographics
),

decided as (
    select
        *,
        case
            when is_hispanic_latino then 'hispanic_or_latino_ethnicity'
            when n_race_flags > 1 then 'demographic_race_two_or_more_races'
            when is_two_or_more_races and n_race_flags = 0 then 'demographic_race_two_or_more_races'
            when is_american_indian_alaska_native then 'american_indian_or_alaska_native'
            when is_asian then 'asian'
            when is_black then 'black_or_african_american'
            when is_native_hawaiian_pacific_islander then 'native_hawaiian_or_other_pacific_islander'
            when is_white then 'white'
        end as deciding_flag
    from counted
),

final as (
    select
        decided.student_key,
        decided.user_id,
        decided.bundle_id,
        decided.sex,
        decided.birth_date,
        decided.n_race_flags,
        coalesce(race_ethnicity.race_ethnicity_code, 'not_reported') as race_ethnicity,
        decided.loaded_at
    from decided
    left join race_ethnicity
        on decided.deciding_flag = race_ethnicity.oneroster_flag
)

select * from final
