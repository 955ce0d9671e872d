{#- Student survey favourability summed per subgroup, for every school and the district (grain:
    reporting_level, district_id, school_id, administration_id, construct, subgroup_code). A
    student counts at the school where they answered; their subgroups are those of the school
    year (bridge_student_subgroup). Restricted figures; BI reads
    mart_survey_favourability_by_subgroup. -#}
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
),

subgroups as (
    select * from {{ ref('bridge_student_subgroup') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

student_responses as (
    select
        schools.district_id,
        responses.school_id,
        responses.school_year,
        responses.administration_id,
        responses.respondent_type,
        responses.construct,
        subgroups.subgroup_category,
        subgroups.subgroup_code,
        subgroups.subgroup_label,
        responses.student_key,
        case when responses.is_favourable then 1 else 0 end as is_favourable
    from responses
    inner join subgroups
        on responses.student_year_key = subgroups.student_year_key
    inner join schools
        on responses.school_id = schools.school_id
    where responses.respondent_type = 'student' and responses.is_favourable is not null
),

unioned as (
    {{ school_and_district_rollup('student_responses',
        ['school_year', 'administration_id', 'respondent_type', 'construct',
         'subgroup_category', 'subgroup_code', 'subgroup_label'],
        ['count(distinct student_key) as n_students', 'count(*) as n_responses',
         'sum(is_favourable) as n_favourable']) }}
),

final as (
    select
        cast(reporting_level as text) as reporting_level,
        cast(district_id as text) as district_id,
        cast(school_id as text) as school_id,
        cast(school_year as integer) as school_year,
        cast(administration_id as text) as administration_id,
        cast(respondent_type as text) as respondent_type,
        cast(construct as text) as construct,
        cast(subgroup_category as text) as subgroup_category,
        cast(subgroup_code as text) as subgroup_code,
        cast(subgroup_label as text) as subgroup_label,
        cast(n_students as integer) as n_students,
        cast(n_responses as integer) as n_responses,
        cast(n_favourable as integer) as n_favourable
    from unioned
)

select * from final
