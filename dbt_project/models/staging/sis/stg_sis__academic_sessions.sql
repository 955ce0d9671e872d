with

source as (
    select * from {{ source('raw', 'oneroster_academic_sessions') }}
),

renamed as (
    select
        sourced_id as session_id,
        lower(status) as record_status,
        date_last_modified as sis_last_modified,
        title as session_title,
        type as session_type,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        parent_sourced_id as parent_session_id,
        coalesce(cast(school_year as integer), {{ school_year_of('cast(start_date as date)') }}) as school_year,
        regexp_replace(_source_file, '/[^/]*$', '') as bundle_id,
        {{ staging_lineage() }}
    from source
)

select * from renamed
