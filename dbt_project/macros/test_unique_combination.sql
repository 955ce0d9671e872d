{#- Generic test: the combination of columns is unique (dbt_utils is not available offline).
    Usage in YAML, under the model:  data_tests: [{unique_combination: {columns: [a, b]}}] -#}
{% test unique_combination(model, columns) %}
    select
        {{ columns | join(', ') }},
        count(*) as n_rows
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
