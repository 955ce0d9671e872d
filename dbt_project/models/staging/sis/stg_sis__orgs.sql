with

source as (
    select * from {{ source('raw', 'oneroster_orgs') }}
),

renamed as (
    select
        sourced_id as org_id,
        lower(status) as record_status,
        date_last_modified as sis_last_modified,
        name as org_name,
        type as org_type,
        identifier as org_identifier,
        parent_sourced_id as parent_org_id,
        regexp_replace(_source_file, '/[^/]*$', '') as bundle_id,
        _source_file as source_file,
        cast(_row_number as integer) as source_row_number,
        cast(_loaded_at as timestamp) as loaded_at
    from source
)

select * from renamed
