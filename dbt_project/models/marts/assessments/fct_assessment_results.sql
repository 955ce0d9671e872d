{#- Incremental by month of the assessment date (macros/incremental_partitions.sql): a changed
    delivery rebuilds the months its new and replaced rows fall in; a new assessment calendar rebuilds all. -#}
{{ partitioned_incremental('assessments', 'assessment_date', 'month', on_schema_change='fail') }}
with

results as (
    select * from {{ ref('int_assessment_results_leveled') }}
    where {{ incremental_partition_predicate('assessments', 'assessment_date', 'month') }}
),

windows as (
    select * from {{ ref('int_assessment_windows_ordered') }}
),

with_year as (
    select
        results.*,
        cast(coalesce(
            windows.school_year,
            {{ school_year_of('results.assessment_date') }}
        ) as integer) as school_year
    from results
    left join windows
        on results.window_id = windows.window_id
),

final as (
    select
        {{ surrogate_key(['student_key', 'assessment_id', 'assessment_date']) }} as assessment_result_key,
        student_key,
        {{ surrogate_key(['student_key', 'school_year']) }} as student_year_key,
        school_id,
        school_year,
        window_id,
        assessment_id,
        subject,
        assessment_date,
        scale_score,
        continuum_level,
        continuum_level_source
    from with_year
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by assessment_date
