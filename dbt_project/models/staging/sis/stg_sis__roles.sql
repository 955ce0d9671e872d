with

source as (
    select * from {{ source('raw', 'oneroster_roles') }}
),

renamed as (
    select
        sourced_id as role_id,
        lower(status) as record_status,
        date_last_modified as sis_last_modified,
        user_sourced_id as user_id,
        {{ student_key('user_sourced_id') }} as student_key,
        role_type,
        role_type = 'primary' as is_primary_role,
        role,
        cast(begin_date as date) as begin_date,
        cast(end_date as date) as end_date,
        org_sourced_id as org_id,
        user_profile_sourced_id as user_profile_id,
        regexp_replace(_source_file, '/[^/]*$', '') as bundle_id,
        {{ staging_lineage() }}
    from source
)

select * from renamed
