{#- Student survey favourability by construct and subgroup, per school and the district, with the
    same suppression and bounds as every group mart (macros/complementary_suppression.sql). -#}
with

suppressed as (
    select * from {{ ref('int_survey_favourability_suppressed') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

valued as (
    select
        *,
        {{ safe_divide('n_favourable', 'n_responses') }} as exact_share
    from suppressed
),

bounded as (
    select
        *,
        case when not is_suppressed then {{ share_bound('exact_share', 'n_students') }} end as share_bound
    from valued
),

shown as (
    select
        *,
        case when not is_suppressed and share_bound is null then exact_share end as shown_share
    from bounded
),

compared as (
    select
        *,
        max(case when subgroup_code = 'all_students' then shown_share end) over (
            partition by reporting_level, district_id, school_id, administration_id, respondent_type, construct
        ) as all_students_share
    from shown
),

final as (
    select
        cast(compared.reporting_level as text) as reporting_level,
        cast(compared.district_id as text) as district_id,
        cast(compared.school_id as text) as school_id,
        cast(schools.school_name as text) as school_name,
        cast(compared.school_year as integer) as school_year,
        cast(compared.administration_id as text) as administration_id,
        cast(compared.respondent_type as text) as respondent_type,
        cast(compared.construct as text) as construct,
        cast(compared.subgroup_category as text) as subgroup_category,
        cast(compared.subgroup_code as text) as subgroup_code,
        cast(compared.subgroup_label as text) as subgroup_label,
        cast(case when not compared.is_suppressed then compared.n_students end as integer) as n_students,
        cast(compared.is_suppressed as boolean) as is_suppressed,
        cast(compared.suppression_reason as text) as suppression_reason,
        cast(compared.shown_share as double precision) as favourable_share,
        cast(compared.share_bound is not null as boolean) as is_bounded,
        cast(
            {{ group_value_display('compared.shown_share', 'compared.is_suppressed', 'compared.share_bound', 'true') }}
            as text
        ) as favourable_display,
        cast(compared.all_students_share as double precision) as all_students_share,
        cast(compared.shown_share - compared.all_students_share as double precision) as gap_to_all_students
    from compared
    left join schools
        on compared.school_id = schools.school_id
)

select * from final
