with

source as (
    select * from {{ source('raw', 'oneroster_courses') }}
),

renamed as (
    select
        sourced_id as course_id,
        lower(status) as record_status,
        date_last_modified as sis_last_modified,
        school_year_sourced_id as school_year_session_id,
        title as course_title,
        course_code,
        grades as grades_delivered,
        org_sourced_id as org_id,
        subjects,
        subject_codes,
        regexp_replace(_source_file, '/[^/]*$', '') as bundle_id,
        {{ staging_lineage() }}
    from source
)

select * from renamed
