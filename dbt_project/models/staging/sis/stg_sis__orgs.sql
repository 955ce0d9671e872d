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
        {{ staging_lineage() }}
    from source
)

select * from renamed
