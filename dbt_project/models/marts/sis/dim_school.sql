{#- One row per school (OneRoster org of type school), with its latest delivered name and
    identifier and the school years it appears in. -#}
with

orgs as (
    select * from {{ ref('stg_sis__orgs') }}
),

bundle_years as (
    select * from {{ ref('int_bundle_school_years_resolved') }}
),

schools as (
    select
        orgs.org_id,
        orgs.org_name,
        orgs.org_identifier,
        orgs.parent_org_id,
        orgs.bundle_id,
        bundle_years.school_year,
        row_number() over (
            partition by orgs.org_id
            order by bundle_years.school_year desc, orgs.loaded_at desc, orgs.bundle_id desc
        ) as recency_rank
    from orgs
    left join bundle_years
        on orgs.bundle_id = bundle_years.bundle_id
    where orgs.org_type = 'school'
),

school_years as (
    select
        org_id,
        min(school_year) as first_school_year,
        max(school_year) as last_school_year
    from schools
    group by org_id
),

districts as (
    select
        org_id,
        org_name,
        bundle_id
    from orgs
    where org_type = 'district'
),

final as (
    select
        cast(schools.org_id as text) as school_id,
        cast(schools.org_name as text) as school_name,
        cast(schools.org_identifier as text) as school_identifier,
        cast(schools.parent_org_id as text) as district_id,
        cast(districts.org_name as text) as district_name,
        cast(school_years.first_school_year as integer) as first_school_year,
        cast(school_years.last_school_year as integer) as last_school_year
    from schools
    inner join school_years
        on schools.org_id = school_years.org_id
    left join districts
        on
            schools.parent_org_id = districts.org_id
            and schools.bundle_id = districts.bundle_id
    where schools.recency_rank = 1
)

select * from final
