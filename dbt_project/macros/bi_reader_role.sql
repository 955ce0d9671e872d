{#- The BI boundary on PostgreSQL: a role that may read the marts schema and nothing else
    (var bi_reader_role). on-run-start creates the role when it is missing (that needs CREATEROLE;
    otherwise a DBA creates it once); on-run-end grants it the schema and its tables, after every
    build because dbt recreates the tables. On DuckDB the boundary is the published file instead,
    so both hooks are no-ops there. -#}
{% macro ensure_bi_reader_role() -%}
    {%- if target.type == 'postgres' -%}
        do $$
        begin
            if not exists (select 1 from pg_roles where rolname = '{{ var("bi_reader_role") }}') then
                create role {{ var("bi_reader_role") }} login;
            end if;
        end
        $$
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro grant_marts_to_bi_reader() -%}
    {%- if target.type == 'postgres' -%}
        grant usage on schema marts to {{ var("bi_reader_role") }};
        grant select on all tables in schema marts to {{ var("bi_reader_role") }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
