{#- The team/school/district x month grid of the improvement-process marts
    (int_improvement_unit_months_spanned, as `unit_months`): its key columns typed for a contract,
    and the join that hangs a per-unit-month aggregate on the grid so months without activity stay
    (their counts come back null; coalesce them to 0). -#}
{% macro unit_month_keys(spine='unit_months') -%}
    cast({{ spine }}.rollup_level as text) as rollup_level,
    cast({{ spine }}.unit_id as text) as unit_id,
    cast({{ spine }}.school_id as text) as school_id,
    cast({{ spine }}.month_start_date as date) as month_start_date,
    cast({{ spine }}.school_year as integer) as school_year
{%- endmacro %}

{% macro join_unit_months(summed, spine='unit_months') -%}
    left join {{ summed }}
        on
            {{ spine }}.rollup_level = {{ summed }}.rollup_level
            and {{ spine }}.unit_id = {{ summed }}.unit_id
            and {{ spine }}.month_start_date = {{ summed }}.month_start_date
{%- endmacro %}
