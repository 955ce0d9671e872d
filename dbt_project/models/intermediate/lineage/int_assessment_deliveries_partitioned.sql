{#- The months (first day, of the assessment dates) each delivered results file's rows fall in, for
    every delivery ever loaded (append-only, kept through full refreshes). Rows recorded before the
    chain was by month hold a school year instead (macros/incremental_partitions.sql reads both). -#}
{%- set month_of_date = 'cast(' ~ dbt.date_trunc('month', 'assessment_date') ~ ' as date)' -%}
{{ deliveries_partitioned([
    ['assessment_results', ref('stg_assessments__results'), month_of_date],
    ['map_assessment_results', ref('stg_assessments__map_results'), month_of_date],
]) }}
