{#- A student's attendance at a school in a calendar month: days enrolled (daily records), present,
    absent (excused or not), and the month's school year. The monthly SPC marts (attendance rate, chronic
    absence in the month) count from here, and fct_student_attendance_year sums the months of a year
    (a tenth of the daily rows).
    Incremental by attendance month (macros/incremental_partitions.sql): a changed delivery rebuilds the
    months its new and replaced rows fall in. -#}
{{ partitioned_incremental('attendance', 'month_start_date', 'month', on_schema_change='fail') }}
with

attendance as (
    select * from {{ ref('int_daily_attendance_deduplicated') }}
    where {{ incremental_partition_predicate('attendance', 'attendance_date', 'month') }}
),

-- Grouped by the student key as a number (macros/student_key.sql): at a million students the text
-- key ran out of memory.
summed as (
    select
        {{ student_key_as_number('student_key') }} as student_key_number,
        school_id,
        cast({{ dbt.date_trunc('month', 'attendance_date') }} as date) as month_start_date,
        count(*) as days_enrolled,
        sum(case when is_present then 1 else 0 end) as days_present,
        sum(case when is_absent then 1 else 0 end) as days_absent,
        sum(case when is_excused_absence then 1 else 0 end) as days_excused_absent,
        sum(case when is_unexcused_absence then 1 else 0 end) as days_unexcused_absent
    from attendance
    group by
        {{ student_key_as_number('student_key') }},
        school_id,
        cast({{ dbt.date_trunc('month', 'attendance_date') }} as date)
),

final as (
    select
        cast({{ student_key_from_number('student_key_number') }} as text) as student_key,
        school_id,
        month_start_date,
        cast({{ school_year_of('month_start_date') }} as integer) as school_year,
        cast(days_enrolled as integer) as days_enrolled,
        cast(days_present as integer) as days_present,
        cast(days_absent as integer) as days_absent,
        cast(days_excused_absent as integer) as days_excused_absent,
        cast(days_unexcused_absent as integer) as days_unexcused_absent
    from summed
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by month_start_date
