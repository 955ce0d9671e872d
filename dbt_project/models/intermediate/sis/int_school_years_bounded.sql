{#- One row per school year: its first and last day across the bundles that deliver it. -#}
with

bundle_years as (
    select * from {{ ref('int_bundle_school_years_resolved') }}
),

final as (
    select
        school_year,
        min(school_year_start_date) as start_date,
        max(school_year_end_date) as end_date,
        count(*) as n_bundles
    from bundle_years
    group by school_year
)

select * from final
