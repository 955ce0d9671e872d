{#- The students a school should talk about first, one row per student x subject x school year
    where the student is a priority (levels behind >= var priority_levels_behind), not
    progressing, or advancing rapidly; pseudonymous (names are joined only in
    restricted.priority_student_list). Urgency tiers, most urgent first:
    1 behind and not progressing; 2 behind and not on track to catch up (or pace unknown);
    3 behind but on track to catch up; 4 not progressing though not behind;
    5 advancing rapidly (to stretch, not to rescue). Within a tier: furthest behind, then lowest
    attendance.
    Incremental by school year (macros/incremental_partitions.sql, chain student_outcomes): ranks
    never cross a school year, so a month of attendance or an assessment window rebuilds the school
    years it touches; a roster or program delivery every year. -#}
{{ partitioned_incremental('student_outcomes', 'school_year', 'school_year', on_schema_change='fail') }}
{%- set in_rebuilt_years = incremental_partition_predicate('student_outcomes', 'school_year', 'school_year') -%}
with

growth as (
    select * from {{ ref('mart_learner_growth') }}
    where {{ in_rebuilt_years }}
),

attendance as (
    select * from {{ ref('int_student_attendance_years_summed') }}
),

programs as (
    select * from {{ ref('int_program_participation_annualised') }}
    where {{ in_rebuilt_years }}
),

program_codes as (
    select * from {{ ref('xwalk_program_codes') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

listed as (
    select *
    from growth
    where
        coalesce(is_priority, false)
        or coalesce(is_not_progressing, false)
        or coalesce(is_advancing_rapidly, false)
),

support_programs as (
    select
        programs.student_key,
        programs.school_year,
        {{ dbt.listagg('distinct programs.program_code', "', '", 'order by programs.program_code') }} as support_programs
    from programs
    inner join program_codes
        on programs.program_code = program_codes.program_code
    where program_codes.is_support_program
    group by programs.student_key, programs.school_year
),

tiered as (
    select
        listed.*,
        attendance.attendance_rate,
        coalesce(attendance.is_chronically_absent, false) as is_chronically_absent,
        support_programs.support_programs,
        case
            when coalesce(listed.is_priority, false) and coalesce(listed.is_not_progressing, false) then 1
            when coalesce(listed.is_priority, false) and not coalesce(listed.on_track_to_catch_up, false) then 2
            when coalesce(listed.is_priority, false) then 3
            when coalesce(listed.is_not_progressing, false) then 4
            else 5
        end as urgency_tier
    from listed
    left join attendance
        on listed.student_year_key = attendance.student_year_key
    left join support_programs
        on
            listed.student_key = support_programs.student_key
            and listed.school_year = support_programs.school_year
),

ranked as (
    select
        *,
        row_number() over (
            partition by school_year, school_id
            order by
                urgency_tier asc,
                case when urgency_tier = 5 then -annualised_growth else -levels_behind end asc,
                attendance_rate asc nulls last,
                student_key asc,
                subject asc
        ) as urgency_rank
    from tiered
),

final as (
    select
        cast(ranked.school_year as integer) as school_year,
        cast(ranked.school_id as text) as school_id,
        cast(schools.school_name as text) as school_name,
        cast(ranked.urgency_rank as integer) as urgency_rank,
        cast(ranked.urgency_tier as integer) as urgency_tier,
        cast(
            case ranked.urgency_tier
                when 1 then 'Behind and not progressing'
                when 2 then 'Behind, not on track to catch up'
                when 3 then 'Behind, on track to catch up'
                when 4 then 'Not progressing'
                else 'Advancing rapidly'
            end as text
        ) as urgency_reason,
        cast(ranked.student_key as text) as student_key,
        cast(ranked.student_year_key as text) as student_year_key,
        cast(ranked.grade_level as integer) as grade_level,
        cast(ranked.subject as text) as subject,
        cast(ranked.latest_window_id as text) as latest_window_id,
        cast(ranked.last_level as double precision) as latest_level,
        cast(ranked.expected_level as double precision) as expected_level,
        cast(ranked.levels_behind as double precision) as levels_behind,
        cast(ranked.levels_gained as double precision) as levels_gained,
        cast(ranked.annualised_growth as double precision) as annualised_growth,
        cast(ranked.years_to_grade_level as double precision) as years_to_grade_level,
        cast(coalesce(ranked.is_priority, false) as boolean) as is_priority,
        cast(coalesce(ranked.is_not_progressing, false) as boolean) as is_not_progressing,
        cast(coalesce(ranked.is_advancing_rapidly, false) as boolean) as is_advancing_rapidly,
        cast(ranked.attendance_rate as double precision) as attendance_rate,
        cast(ranked.is_chronically_absent as boolean) as is_chronically_absent,
        cast(ranked.support_programs is not null as boolean) as has_support_program,
        cast(ranked.support_programs as text) as support_programs
    from ranked
    left join schools
        on ranked.school_id = schools.school_id
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by school_year
