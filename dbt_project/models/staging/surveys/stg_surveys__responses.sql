with

source as (
    select * from {{ source('raw', 'survey_responses') }}
),

renamed as (
    select
        cast(administration_id as {{ dbt.type_string() }}) as administration_id,
        cast(administration_date as date) as administration_date,
        lower(trim(respondent_type)) as respondent_type,
        cast(respondent_id as {{ dbt.type_string() }}) as respondent_id,
        -- only students are keyed: staff and family respondents are not in the student dimension
        case
            when lower(trim(respondent_type)) = 'student' and respondent_id is not null
                then {{ student_key('respondent_id') }}
        end as student_key,
        cast(school_id as {{ dbt.type_string() }}) as school_id,
        cast(item_id as {{ dbt.type_string() }}) as item_id,
        cast(response_value as integer) as response_value,
        {{ staging_lineage() }}
    from source
)

select * from renamed
