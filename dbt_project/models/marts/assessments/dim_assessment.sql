with

results as (
    select * from {{ ref('int_assessment_results_unioned') }}
),

final as (
    select
        assessment_id,
        min(subject) as subject,
        min(assessment_type) as assessment_type,
        min(vendor) as vendor,
        min(result_format) as result_format
    from results
    group by assessment_id
)

select * from final
