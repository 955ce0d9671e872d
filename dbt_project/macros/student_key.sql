{#- The pseudonymous student key: a salted MD5 of the SIS student id. Stable across runs and
    years for the same salt; the salt (CONTINUUM_STUDENT_KEY_SALT) is a district secret, so the
    key cannot be reversed by hashing candidate ids. md5() exists on DuckDB and PostgreSQL. -#}
{% macro student_key(student_id_column) -%}
    md5('{{ env_var("CONTINUUM_STUDENT_KEY_SALT", "continuum-sample-district") }}' || '|' || cast({{ student_id_column }} as {{ dbt.type_string() }}))
{%- endmacro %}

{#- A surrogate key from several columns (nulls made explicit so they cannot collide). -#}
{% macro surrogate_key(columns) -%}
    md5(
    {%- for column in columns %}
        coalesce(cast({{ column }} as {{ dbt.type_string() }}), '<null>'){% if not loop.last %} || '|' ||{% endif %}
    {%- endfor %}
    )
{%- endmacro %}
