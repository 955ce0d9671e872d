with

source as (
    select * from {{ source('raw', 'oneroster_classes') }}
),

renamed as (
    select
        sourced_id as class_id,
        lower(status) as record_status,
        date_last_modified as sis_last_modified,
        title as class_title,
        grades as grades_delivered,
        course_sourced_id as course_id,
        class_code,
        class_type,
        location as class_location,
        school_sourced_id as school_id,
        term_sourced_ids as term_session_ids,
        subjects,
        subject_codes,
        periods,
        regexp_replace(_source_file, '/[^/]*$', '') as bundle_id,
        {{ staging_lineage() }}
    from source
)

select * from renamed
