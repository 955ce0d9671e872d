{#- Generic and MAP results in one shape, one row per student x assessment x assessment date
    (when a later delivery repeats a result, the most recently loaded row wins).
    Incremental by month of the assessment date (macros/incremental_partitions.sql): a changed
    delivery rebuilds the months its new and replaced rows fall in; a new assessment calendar rebuilds all. -#}
{{ partitioned_incremental('assessments', 'assessment_date', 'month', on_schema_change='fail') }}
with

generic_results as (
    select * from {{ ref('stg_assessments__results') }}
    where {{ incremental_partition_predicate('assessments', 'assessment_date', 'month') }}
),

map_results as (
    select * from {{ ref('stg_assessments__map_results') }}
    where {{ incremental_partition_predicate('assessments', 'assessment_date', 'month') }}
),

unioned as (
    select
        student_key,
        school_id,
        assessment_id,
        assessment_type,
        subject,
        vendor,
        window_id,
        assessment_date,
        scale_score,
        continuum_level,
        'generic' as result_format,
        source_file,
        source_row_number,
        loaded_at
    from generic_results

    union all

    select
        student_key,
        school_id,
        assessment_id,
        assessment_type,
        subject,
        vendor,
        window_id,
        assessment_date,
        scale_score,
        continuum_level,
        'map' as result_format,
        source_file,
        source_row_number,
        loaded_at
    from map_results
),

ranked as (
    select
        *,
        row_number() over (
            partition by student_key, assessment_id, assessment_date
            order by loaded_at desc, source_file desc, source_row_number desc
        ) as delivery_rank
    from unioned
),

deduplicated as (
    select
        student_key,
        school_id,
        assessment_id,
        assessment_type,
        subject,
        vendor,
        window_id,
        assessment_date,
        scale_score,
        continuum_level,
        result_format
    from ranked
    where delivery_rank = 1
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from deduplicated
order by assessment_date
