with

source as (
    select * from {{ source('raw', 'sis_daily_attendance') }}
),

renamed as (
    select
        student_id,
        {{ student_key('student_id') }} as student_key,
        school_id,
        cast(attendance_date as date) as attendance_date,
        {{ school_year_of('cast(attendance_date as date)') }} as school_year,
        lower(trim(attendance_status)) as attendance_status,
        {{ staging_lineage() }}
    from source
)

select * from renamed
