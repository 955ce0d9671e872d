{#- Generic test: the combination of columns is unique (dbt_utils is not available offline).
    Usage in YAML, under the model:  data_tests: [{unique_combination: {arguments: {columns: [a, b]}}}] -#}
{% test unique_combination(model, columns) %}
    {{ adapter.dispatch('test_unique_combination', 'continuum')(model, columns) }}
{% endtest %}

{% macro default__test_unique_combination(model, columns) -%}
    select
        {{ columns | join(', ') }},
        count(*) as n_rows
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{%- endmacro %}

{#- On DuckDB the rows are first grouped by a 64-bit hash of the key: grouping 90M daily-attendance
    rows by a 32-character student key and a date spilled to disk under the memory limit (15 s at
    100k students, 7 s by hash). The hashes seen twice, almost always none, are then checked on the
    key itself, so a hash collision is never reported as a duplicate. -#}
{% macro duckdb__test_unique_combination(model, columns) -%}
    {%- set key = columns | join(', ') -%}
    with

    repeated_hashes as (
        select hash({{ key }}) as key_hash
        from {{ model }}
        group by key_hash
        having count(*) > 1
    )

    select
        {{ key }},
        count(*) as n_rows
    from {{ model }}
    where hash({{ key }}) in (select repeated_hashes.key_hash from repeated_hashes)
    group by {{ key }}
    having count(*) > 1
{%- endmacro %}
