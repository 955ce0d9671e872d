{#- One continuum level per student x subject x assessment window: the latest levelled result in the
    window (a second assessment of the same subject in one window, e.g. a retest or a second vendor,
    does not count as another window). Carries the window's name and order, the student's grade and
    school for that school year (dim_student) and the level expected for that grade and window
    (continuum_grade_expectations). Results without a window or without a level are left out.
    Incremental by the window's school year (macros/incremental_partitions.sql, chain
    learner_growth): an assessment delivery rebuilds the school years of its windows; a roster or
    program delivery every year. -#}
{{ partitioned_incremental('learner_growth', 'school_year', 'school_year', on_schema_change='fail') }}
with

results as (
    select * from {{ ref('fct_assessment_results') }}
),

windows as (
    select * from {{ ref('dim_assessment_window') }}
    where {{ incremental_partition_predicate('learner_growth', 'school_year', 'school_year') }}
),

students as (
    select * from {{ ref('dim_student') }}
),

expectations as (
    select * from {{ ref('continuum_grade_expectations') }}
),

levelled_results as (
    select
        results.student_key,
        results.student_year_key,
        results.subject,
        windows.school_year,
        results.window_id,
        windows.window_name,
        windows.window_order,
        results.assessment_id,
        results.assessment_date,
        results.continuum_level,
        row_number() over (
            partition by results.student_key, results.subject, results.window_id
            order by results.assessment_date desc, results.assessment_id desc
        ) as recency_rank
    from results
    inner join windows
        on results.window_id = windows.window_id
    where results.continuum_level is not null
),

final as (
    select
        levelled_results.student_key,
        levelled_results.student_year_key,
        levelled_results.subject,
        levelled_results.school_year,
        levelled_results.window_id,
        levelled_results.window_name,
        levelled_results.window_order,
        levelled_results.assessment_id,
        levelled_results.assessment_date,
        cast(levelled_results.continuum_level as double precision) as continuum_level,
        students.school_id,
        students.grade_level,
        cast(expectations.expected_level as double precision) as expected_level
    from levelled_results
    left join students
        on levelled_results.student_year_key = students.student_year_key
    left join expectations
        on
            levelled_results.subject = expectations.subject
            and students.grade_level = expectations.grade_level
            and levelled_results.window_name = expectations.window_name
    where levelled_results.recency_rank = 1
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by school_year
