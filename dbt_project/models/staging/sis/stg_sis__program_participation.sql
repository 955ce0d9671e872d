with

source as (
    select * from {{ source('raw', 'sis_program_participation') }}
),

renamed as (
    select
        student_id,
        {{ student_key('student_id') }} as student_key,
        school_id,
        lower(trim(program_code)) as program_code,
        cast(begin_date as date) as begin_date,
        cast(end_date as date) as end_date,
        {{ staging_lineage() }}
    from source
)

select * from renamed
