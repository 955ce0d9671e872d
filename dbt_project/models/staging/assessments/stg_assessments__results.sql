with

source as (
    select * from {{ source('raw', 'assessment_results') }}
),

renamed as (
    select
        {{ student_key('student_id') }} as student_key,
        cast(school_id as {{ dbt.type_string() }}) as school_id,
        cast(assessment_id as {{ dbt.type_string() }}) as assessment_id,
        lower(trim(assessment_type)) as assessment_type,
        lower(trim(subject)) as subject,
        -- the landing sub-folder names the vendor: assessments/<vendor>/<file>.csv
        case
            when {{ dbt.split_part('_source_file', "'/'", 3) }} <> ''
                then lower({{ dbt.split_part('_source_file', "'/'", 2) }})
            else 'unspecified'
        end as vendor,
        cast(window_id as {{ dbt.type_string() }}) as window_id,
        cast(assessment_date as date) as assessment_date,
        cast(scale_score as double precision) as scale_score,
        cast(continuum_level as double precision) as continuum_level,
        {{ staging_lineage() }}
    from source
)

select * from renamed
