{#- Attendance of a student at a school in a school year. Every daily record counts toward days
    enrolled; present = present, tardy or early departure; chronically absent when days absent /
    days enrolled >= var('chronic_absence_threshold'). Rates must be double precision (the unit test
    compares 0.9 exactly; a 32-bit float would give 0.8999999761581421).
    Summed from the student's months (int_student_attendance_months_summed), not the daily records:
    ten rows a student-year instead of about 180.
    Incremental by school year (macros/incremental_partitions.sql): a changed delivery rebuilds the
    school years of the months its new and replaced rows fall in. -#}
{{ partitioned_incremental('attendance', 'school_year', 'school_year', on_schema_change='fail') }}
with

student_months as (
    select * from {{ ref('int_student_attendance_months_summed') }}
    where {{ incremental_partition_predicate('attendance', 'school_year', 'school_year') }}
),

summed as (
    select
        student_key,
        school_id,
        school_year,
        sum(days_enrolled) as days_enrolled,
        sum(days_present) as days_present,
        sum(days_absent) as days_absent,
        sum(days_excused_absent) as days_excused_absent,
        sum(days_unexcused_absent) as days_unexcused_absent
    from student_months
    group by student_key, school_id, school_year
),

rated as (
    select
        *,
        {{ safe_divide('days_present', 'days_enrolled') }} as attendance_rate,
        {{ safe_divide('days_absent', 'days_enrolled') }} as absence_rate
    from summed
),

final as (
    select
        cast({{ surrogate_key(['student_key', 'school_year']) }} as text) as student_year_key,
        cast(student_key as text) as student_key,
        cast(school_id as text) as school_id,
        cast(school_year as integer) as school_year,
        cast(days_enrolled as integer) as days_enrolled,
        cast(days_present as integer) as days_present,
        cast(days_absent as integer) as days_absent,
        cast(days_excused_absent as integer) as days_excused_absent,
        cast(days_unexcused_absent as integer) as days_unexcused_absent,
        cast(attendance_rate as double precision) as attendance_rate,
        cast(absence_rate as double precision) as absence_rate,
        coalesce(absence_rate >= cast({{ var('chronic_absence_threshold') }} as double precision), false) as is_chronically_absent
    from rated
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by school_year
