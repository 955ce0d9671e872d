{#- Grades are standardised here with the xwalk_grade_levels seed (the first grade listed in
    users.grades); names and ids stay in staging and reach only restricted.student_identity. -#}
with

source as (
    select * from {{ source('raw', 'oneroster_users') }}
),

grade_levels as (
    select * from {{ ref('xwalk_grade_levels') }}
),

renamed as (
    select
        sourced_id as user_id,
        {{ student_key('sourced_id') }} as student_key,
        lower(status) as record_status,
        date_last_modified as sis_last_modified,
        enabled_user as is_enabled,
        role as v11_role,
        org_sourced_ids as v11_org_ids,
        nullif(trim({{ dbt.split_part('org_sourced_ids', "','", 1) }}), '') as v11_first_org_id,
        primary_org_sourced_id as primary_org_id,
        given_name,
        family_name,
        middle_name,
        preferred_given_name,
        preferred_family_name,
        identifier as user_identifier,
        user_master_identifier,
        grades as grades_delivered,
        upper(trim({{ dbt.split_part('grades', "','", 1) }})) as first_grade_delivered,
        regexp_replace(_source_file, '/[^/]*$', '') as bundle_id,
        {{ staging_lineage() }}
    from source
),

standardised as (
    select
        renamed.*,
        grade_levels.grade_code,
        grade_levels.grade_level
    from renamed
    left join grade_levels
        on renamed.first_grade_delivered = grade_levels.source_grade_code
)

select * from standardised
