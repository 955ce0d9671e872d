{#- Models land in the schema their folder names (staging, intermediate, marts, restricted, policy),
    not "<target schema>_<name>": analysts and the BI boundary address these schemas by name. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
