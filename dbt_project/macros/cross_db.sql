{#- Small portable helpers for what DuckDB and PostgreSQL spell differently. -#}

{#- Division that yields null instead of an error for a zero denominator, in floating point
    (7/2 is 3.5 on DuckDB but 3 on PostgreSQL unless cast). -#}
{% macro safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as double precision) / nullif(cast({{ denominator }} as double precision), 0))
{%- endmacro %}

{#- Days between two dates as an integer (later minus earlier). -#}
{% macro days_between(earlier, later) -%}
    {{ dbt.datediff(earlier, later, 'day') }}
{%- endmacro %}

{#- The school year (named by its spring) a date falls in, given var('school_year_start_month'). -#}
{% macro school_year_of(date_column) -%}
    (cast(extract(year from {{ date_column }}) as integer)
        + case when cast(extract(month from {{ date_column }}) as integer) >= {{ var('school_year_start_month') }} then 1 else 0 end)
{%- endmacro %}

{#- Every date from start to end inclusive, as a one-column relation named date_day. -#}
{% macro date_series(start_date, end_date) -%}
    {{ return(adapter.dispatch('date_series', 'continuum')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__date_series(start_date, end_date) -%}
    select cast(series.date_day as date) as date_day
    from generate_series(cast({{ start_date }} as date), cast({{ end_date }} as date), interval '1 day') as series (date_day)
{%- endmacro %}

{% macro duckdb__date_series(start_date, end_date) -%}
    select cast(series.date_day as date) as date_day
    from generate_series(cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval '1 day') as series (date_day)
{%- endmacro %}

{#- Median, which PostgreSQL only has as an ordered-set aggregate. -#}
{% macro median(column) -%}
    {{ return(adapter.dispatch('median', 'continuum')(column)) }}
{%- endmacro %}

{% macro default__median(column) -%}
    percentile_cont(0.5) within group (order by {{ column }})
{%- endmacro %}

{% macro duckdb__median(column) -%}
    median({{ column }})
{%- endmacro %}
