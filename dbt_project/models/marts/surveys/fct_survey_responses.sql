{#- Incremental by survey administration (macros/incremental_partitions.sql): a changed delivery
    rebuilds the administrations its new and replaced rows belong to; a new item bank rebuilds all. -#}
{{ partitioned_incremental('surveys', 'administration_id', 'value', on_schema_change='fail') }}
with

responses as (
    select * from {{ ref('int_survey_responses_scored') }}
    where {{ incremental_partition_predicate('surveys', 'administration_id', 'value') }}
),

final as (
    select
        survey_response_key,
        administration_id,
        administration_date,
        school_year,
        school_id,
        respondent_type,
        student_key,
        case
            when student_key is not null
                then {{ surrogate_key(['student_key', 'school_year']) }}
        end as student_year_key,
        item_id,
        construct,
        response_value,
        scored_value,
        is_favourable
    from responses
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by administration_id
