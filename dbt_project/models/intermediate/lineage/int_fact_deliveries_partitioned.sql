{#- Which partitions of the incremental facts each delivered file's rows fall in, for every
    delivery ever loaded (append-only, kept through full refreshes): when a file is re-delivered,
    the partitions of its replaced rows are still known here, so they are rebuilt too. Partition
    keys: the month of an attendance date, the school year of an assessment date, the survey
    administration; '*' (every partition) when the key is missing. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='fail',
) }}
with

attendance as (
    select * from {{ ref('stg_sis__daily_attendance') }}
),

generic_results as (
    select * from {{ ref('stg_assessments__results') }}
),

map_results as (
    select * from {{ ref('stg_assessments__map_results') }}
),

survey_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

unioned as (
    select distinct
        'sis_daily_attendance' as source_table,
        source_file,
        loaded_at,
        cast(cast({{ dbt.date_trunc('month', 'attendance_date') }} as date) as {{ dbt.type_string() }}) as partition_key
    from attendance

    union all

    select distinct
        'assessment_results' as source_table,
        source_file,
        loaded_at,
        cast({{ school_year_of('assessment_date') }} as {{ dbt.type_string() }}) as partition_key
    from generic_results

    union all

    select distinct
        'map_assessment_results' as source_table,
        source_file,
        loaded_at,
        cast({{ school_year_of('assessment_date') }} as {{ dbt.type_string() }}) as partition_key
    from map_results

    union all

    select distinct
        'survey_responses' as source_table,
        source_file,
        loaded_at,
        administration_id as partition_key
    from survey_responses
),

final as (
    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(source_file as {{ dbt.type_string() }}) as source_file,
        cast(loaded_at as timestamp) as loaded_at,
        cast(coalesce(partition_key, '*') as {{ dbt.type_string() }}) as partition_key
    from unioned
    {% if is_incremental() -%}
        where loaded_at > (select coalesce(max(loaded_at), cast('1900-01-01' as timestamp)) from {{ this }})
    {%- endif %}
)

select * from final
