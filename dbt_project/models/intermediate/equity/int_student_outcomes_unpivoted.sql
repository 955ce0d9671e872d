{#- Every reported student outcome as one row per student-year x subject x outcome, so subgroup
    statistics (counts, sums, sums of squares) are one aggregate whatever the outcome. Yes/no
    outcomes are 1 or 0; an outcome that cannot be judged for the student (null) has no row, so
    each outcome's n is the number of students it could be measured for. Outcome meanings are in
    the equity_outcomes seed.
    Incremental by school year and subject (macros/incremental_partitions.sql, chain student_outcomes):
    a month of attendance rebuilds the attendance outcome of the school years it touches, an
    assessment delivery the growth outcomes of its windows' school years; a roster or program
    delivery everything. -#}
{{ partitioned_incremental('student_outcomes', 'school_year', 'school_year', on_schema_change='fail',
    subject_column='subject') }}
with

growth as (
    select * from {{ ref('mart_learner_growth') }}
    where {{ incremental_partition_predicate('student_outcomes', 'school_year', 'school_year') }}
),

attendance as (
    select * from {{ ref('int_student_attendance_years_summed') }}
),

students as (
    select * from {{ ref('dim_student') }}
    where {{ incremental_partition_predicate('student_outcomes', 'school_year', 'school_year') }}
),

growth_outcomes as (
    {%- set growth_outcomes = {
        'mean_levels_gained': 'levels_gained',
        'mean_annualised_growth': 'annualised_growth',
        'pct_gained_one_level_per_year': 'case when gained_one_level_per_year then 1 when not gained_one_level_per_year then 0 end',
        'pct_priority': 'case when is_priority then 1 when not is_priority then 0 end',
        'pct_not_progressing': 'case when is_not_progressing then 1 when not is_not_progressing then 0 end',
    } %}
    {%- for outcome_code, expression in growth_outcomes.items() %}
        {%- if not loop.first %}
            union all
        {%- endif %}
        select
            student_year_key,
            school_year,
            subject,
            '{{ outcome_code }}' as outcome_code,
            {{ expression }} as outcome_value
        from growth
    {%- endfor %}
),

attendance_outcomes as (
    select
        attendance.student_year_key,
        students.school_year,
        'attendance' as subject,
        'chronic_absence_rate' as outcome_code,
        case when attendance.is_chronically_absent then 1 else 0 end as outcome_value
    from attendance
    inner join students
        on attendance.student_year_key = students.student_year_key
),

-- Clustered by partition (a rebuild deletes and reads whole row groups; docs/warehouse-design.md): the
-- outcomes are sorted before the join, whose output keeps their order. Sorting the joined rows, twice
-- as wide, ran out of memory at a million students.
all_outcomes as (
    select unioned.*
    from (
        select * from growth_outcomes
        union all
        select * from attendance_outcomes
    ) as unioned
    where unioned.outcome_value is not null
    order by unioned.school_year
),

final as (
    select
        cast(students.student_year_key as text) as student_year_key,
        cast(students.student_key as text) as student_key,
        cast(students.school_year as integer) as school_year,
        cast(students.school_id as text) as school_id,
        cast(all_outcomes.subject as text) as subject,
        cast(all_outcomes.outcome_code as text) as outcome_code,
        cast(all_outcomes.outcome_value as double precision) as outcome_value
    from all_outcomes
    inner join students
        on all_outcomes.student_year_key = students.student_year_key
    where
        {{ incremental_partition_predicate('student_outcomes', 'students.school_year', 'school_year',
            subject_column='all_outcomes.subject') }}
)

select * from final
