{#- The school years of the assessment windows that each delivered results file's rows belong to (the
    date's school year for a result whose window is unknown), for every delivery ever loaded
    (append-only, kept through full refreshes). A change of the window calendar rebuilds every
    partition of the chains it feeds, so the windows as they are when a delivery is recorded hold. -#}
{%- set windows = ref('int_assessment_windows_ordered') -%}
{%- set parts = [] -%}
{%- for table, staging in [['assessment_results', 'stg_assessments__results'],
                           ['map_assessment_results', 'stg_assessments__map_results']] -%}
    {%- set with_window_year -%}
        (
            select
                results.source_file,
                results.loaded_at,
                results.assessment_date,
                windows.school_year as window_school_year
            from {{ ref(staging) }} as results
            left join {{ windows }} as windows
                on results.window_id = windows.window_id
        ) as {{ table }}_with_window_years
    {%- endset -%}
    {%- do parts.append([table, with_window_year,
        'coalesce(window_school_year, ' ~ school_year_of('assessment_date') ~ ')']) -%}
{%- endfor -%}
{{ deliveries_partitioned(parts) }}
