{#- NWEA MAP Growth AssessmentResults in the generic result shape. The only lookup is the
    subject crosswalk seed (code standardisation); the window and school year come from
    TermName ('Fall 2021-2022' -> window 2021-2022-fall, school year 2022). -#}
with

source as (
    select * from {{ source('raw', 'map_assessment_results') }}
),

subjects as (
    select * from {{ ref('xwalk_assessment_subjects') }}
),

renamed as (
    select
        {{ student_key('source.student_id') }} as student_key,
        source.term_name,
        trim(source.subject) as vendor_subject,
        subjects.subject,
        source.test_id,
        source.test_type,
        cast(source.test_start_date as date) as assessment_date,
        cast(source.test_rit_score as double precision) as scale_score,
        cast(source.test_standard_error as double precision) as standard_error,
        cast(source.test_percentile as integer) as percentile,
        {{ staging_lineage('source') }},
        {{ dbt.split_part('trim(source.term_name)', "' '", 1) }} as term_season,
        {{ dbt.split_part('trim(source.term_name)', "' '", 2) }} as term_years
    from source
    left join subjects
        on lower(trim(source.subject)) = subjects.vendor_subject
),

final as (
    select
        student_key,
        cast(null as {{ dbt.type_string() }}) as school_id,
        'MAP-' || subject as assessment_id,
        'diagnostic' as assessment_type,
        subject,
        vendor_subject,
        'nwea' as vendor,
        term_name,
        term_years || '-' || lower(term_season) as window_id,
        term_season as window_name,
        cast({{ dbt.split_part('term_years', "'-'", 2) }} as integer) as school_year,
        assessment_date,
        scale_score,
        cast(null as double precision) as continuum_level,
        standard_error,
        percentile,
        test_id,
        test_type,
        source_file,
        source_row_number,
        loaded_at
    from renamed
)

select * from final
