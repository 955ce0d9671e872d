{#- An attendance month rebuilds the student_outcomes chain's rows of subject 'attendance' only, an
    assessment window the other subjects' (macros/incremental_partitions.sql, subject_of): so the
    subject 'attendance' must hold the attendance outcomes and nothing else.
    Dagster attaches a singular test to the model it reads; this one reads a seed too, so the meta
    names the model (without it, every run that builds the model warned that the test's result was
    logged as an observation, not a check). -#}
{{ config(meta={'dagster': {'ref': {'name': 'int_student_outcomes_unpivoted'}}}) }}
select
    outcomes.subject,
    outcomes.outcome_code,
    count(*) as n_rows
from {{ ref('int_student_outcomes_unpivoted') }} as outcomes
inner join {{ ref('equity_outcomes') }} as definitions
    on outcomes.outcome_code = definitions.outcome_code
where (outcomes.subject = 'attendance') != (definitions.subject_scope = 'attendance')
group by
    outcomes.subject,
    outcomes.outcome_code
