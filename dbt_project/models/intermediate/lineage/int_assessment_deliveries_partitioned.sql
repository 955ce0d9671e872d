{#- The school years (of the assessment dates) each delivered results file's rows fall in, for every
    delivery ever loaded (append-only, kept through full refreshes). -#}
{{ deliveries_partitioned([
    ['assessment_results', ref('stg_assessments__results'), school_year_of('assessment_date')],
    ['map_assessment_results', ref('stg_assessments__map_results'), school_year_of('assessment_date')],
]) }}
