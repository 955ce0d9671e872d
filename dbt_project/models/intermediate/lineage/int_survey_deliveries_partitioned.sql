{#- The administrations each delivered survey response file's rows belong to, for every delivery ever
    loaded (append-only, kept through full refreshes). -#}
{{ deliveries_partitioned([
    ['survey_responses', ref('stg_surveys__responses'), 'administration_id'],
]) }}
