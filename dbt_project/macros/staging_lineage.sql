{#- The lineage every staging model carries from its raw table, named the same everywhere:
    which landing file and row a record came from, and when it was loaded. -#}
{% macro staging_lineage(relation_alias=none) -%}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {{ prefix }}_source_file as source_file,
    cast({{ prefix }}_row_number as integer) as source_row_number,
    cast({{ prefix }}_loaded_at as timestamp) as loaded_at
{%- endmacro %}
