with

source as (
    select * from {{ source('raw', 'oneroster_enrollments') }}
),

renamed as (
    select
        sourced_id as enrollment_id,
        lower(status) as record_status,
        date_last_modified as sis_last_modified,
        class_sourced_id as class_id,
        school_sourced_id as school_id,
        user_sourced_id as user_id,
        {{ student_key('user_sourced_id') }} as student_key,
        role as enrollment_role,
        coalesce("primary", false) as is_primary_teacher,
        cast(begin_date as date) as begin_date,
        cast(end_date as date) as end_date,
        regexp_replace(_source_file, '/[^/]*$', '') as bundle_id,
        {{ staging_lineage() }}
    from source
)

select * from renamed
