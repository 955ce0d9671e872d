with

source as (
    select * from {{ source('raw', 'assessment_windows') }}
),

renamed as (
    select
        cast(window_id as {{ dbt.type_string() }}) as window_id,
        cast(school_year as integer) as school_year,
        cast(window_name as {{ dbt.type_string() }}) as window_name,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date
    from source
)

select * from renamed
