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

{#- A student key grouped as a number: on DuckDB the key's 128 bits as an unsigned integer, which a
    hash aggregate holds in a fraction of the memory of 32 characters (a million students' daily
    attendance summed by student and month: out of memory at the 2GB default by the text, through by
    the number). `student_key_from_number` gives the same text back, so the swap is exact. Keys are
    always MD5 hex (`student_key` above). PostgreSQL groups the text.
    Unit tests whose made-up keys are not hex (`a`, `at_threshold`) set the var
    `group_student_keys_as_numbers` to false; test_student_key_grouped_as_number covers the swap. -#}
{% macro student_key_as_number(key_column) -%}
    {%- if student_keys_grouped_as_numbers() -%}
        cast('0x' || {{ key_column }} as uhugeint)
    {%- else -%}
        {{ key_column }}
    {%- endif -%}
{%- endmacro %}

{% macro student_key_from_number(number_column) -%}
    {%- if student_keys_grouped_as_numbers() -%}
        lpad(lower(hex({{ number_column }})), 32, '0')
    {%- else -%}
        {{ number_column }}
    {%- endif -%}
{%- endmacro %}

{% macro student_keys_grouped_as_numbers() -%}
    {{ return(target.type == 'duckdb' and var('group_student_keys_as_numbers', true)) }}
{%- endmacro %}
