with

source as (
    select * from {{ source('raw', 'oneroster_demographics') }}
),

renamed as (
    select
        sourced_id as user_id,
        {{ student_key('sourced_id') }} as student_key,
        lower(status) as record_status,
        date_last_modified as sis_last_modified,
        cast(birth_date as date) as birth_date,
        coalesce(lower(trim(sex)), 'unspecified') as sex,
        coalesce(american_indian_or_alaska_native, false) as is_american_indian_alaska_native,
        coalesce(asian, false) as is_asian,
        coalesce(black_or_african_american, false) as is_black,
        coalesce(native_hawaiian_or_other_pacific_islander, false) as is_native_hawaiian_pacific_islander,
        coalesce(white, false) as is_white,
        coalesce(demographic_race_two_or_more_races, false) as is_two_or_more_races,
        coalesce(hispanic_or_latino_ethnicity, false) as is_hispanic_latino,
        regexp_replace(_source_file, '/[^/]*$', '') as bundle_id,
        {{ staging_lineage() }}
    from source
)

select * from renamed
