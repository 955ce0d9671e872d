{#- Small-group suppression with complementary suppression, for any group-level table whose rows
    are subgroups of a school or of a district.

    The relation has one row per cell: reporting_level ('school' | 'district'), district_id,
    school_id (null on district rows), subgroup_category, subgroup_code (the all-students row has
    subgroup_code 'all_students'), n_students, plus the measure_columns that say what is measured
    (e.g. school_year, subject, outcome_code). Cells are linked by two kinds of sums, and a
    suppressed cell could be recovered by subtraction if it were the only hidden member of one:
    - within a school or the district, the groups of a category in
      var('exhaustive_subgroup_categories') (every student in exactly one) add up to all students;
    - for each subgroup, the schools of a district add up to the district.
    Primary: a cell with n_students < var('min_group_size') is suppressed. Complementary: while any
    such set has exactly one suppressed member, the smallest unsuppressed member of that set (fewest
    students, then cell id) is suppressed too; `passes` rounds are run and the generic test
    suppression_is_complete checks that no set is left with a single hidden member.
    Returns the relation's columns plus is_suppressed and suppression_reason
    ('below_min_group_size' | 'complementary' | null). exhaustive_categories replaces the var for
    tables whose categories are not the student subgroups (e.g. grade levels). `where` keeps some
    rows of the relation only: whole measures (an incremental build's school years), since a set of
    cells must be suppressed together. -#}
{% macro complementary_suppression(relation, measure_columns, passes=6, exhaustive_categories=none, where='true') -%}
with

cells as (
    select
        *,
        {{ suppression_cell_id(measure_columns) }} as suppression_cell_id
    from {{ relation }}
    where {{ where }}
),

set_members as (
    {{ suppression_set_members('cells', measure_columns, exhaustive_categories) }}
),

state_0 as (
    select
        suppression_cell_id,
        n_students < {{ var('min_group_size') }} as is_suppressed,
        case when n_students < {{ var('min_group_size') }} then 'below_min_group_size' end as suppression_reason
    from cells
),
{%- for pass in range(passes) %}

exposed_sets_{{ pass }} as (
    select set_members.suppression_set_id
    from set_members
    inner join state_{{ pass }} as state
        on set_members.suppression_cell_id = state.suppression_cell_id
    group by set_members.suppression_set_id
    having sum(case when state.is_suppressed then 1 else 0 end) = 1
),

picked_{{ pass }} as (
    select distinct ranked.suppression_cell_id
    from (
        select
            set_members.suppression_cell_id,
            row_number() over (
                partition by set_members.suppression_set_id
                order by set_members.n_students asc, set_members.suppression_cell_id asc
            ) as pick_rank
        from set_members
        inner join exposed_sets_{{ pass }} as exposed_sets
            on set_members.suppression_set_id = exposed_sets.suppression_set_id
        inner join state_{{ pass }} as state
            on set_members.suppression_cell_id = state.suppression_cell_id
        where not state.is_suppressed
    ) as ranked
    where ranked.pick_rank = 1
),

state_{{ pass + 1 }} as (
    select
        state.suppression_cell_id,
        state.is_suppressed or picked.suppression_cell_id is not null as is_suppressed,
        case
            when state.is_suppressed then state.suppression_reason
            when picked.suppression_cell_id is not null then 'complementary'
        end as suppression_reason
    from state_{{ pass }} as state
    left join picked_{{ pass }} as picked
        on state.suppression_cell_id = picked.suppression_cell_id
),
{%- endfor %}

suppressed as (
    select
        cells.*,
        state.is_suppressed,
        state.suppression_reason
    from cells
    inner join state_{{ passes }} as state
        on cells.suppression_cell_id = state.suppression_cell_id
)

select * from suppressed
{%- endmacro %}


{#- Text id of a cell: its reporting unit, subgroup and measure (nulls spelled '~'). -#}
{% macro suppression_cell_id(measure_columns) -%}
    {%- set parts = ['reporting_level', 'district_id', 'school_id', 'subgroup_code'] + measure_columns -%}
    {%- for column in parts %}coalesce(cast({{ column }} as text), '~'){% if not loop.last %} || '|' || {% endif %}{% endfor -%}
{%- endmacro %}


{#- One row per (set, cell in it) for the sums described above complementary_suppression, from
    a relation that has suppression_cell_id: columns suppression_set_id, suppression_cell_id, n_students. -#}
{% macro suppression_set_members(cells, measure_columns, exhaustive_categories=none) -%}
    {%- set categories = exhaustive_categories if exhaustive_categories is not none
        else var('exhaustive_subgroup_categories') -%}
    {%- set measure_id -%}
        {%- for column in measure_columns %}coalesce(cast({{ column }} as text), '~') || '|' || {% endfor -%}
    {%- endset -%}
    {%- set unit_id = "reporting_level || '|' || coalesce(district_id, '~') || '|' || coalesce(school_id, '~')" -%}
    select
        'within|' || {{ measure_id }}{{ unit_id }} || '|' || subgroup_category as suppression_set_id,
        suppression_cell_id,
        n_students
    from {{ cells }}
    where {{ is_exhaustive_category('subgroup_category', categories) }}
    {%- for category in categories %}
    union all
    select
        'within|' || {{ measure_id }}{{ unit_id }} || '|{{ category }}' as suppression_set_id,
        suppression_cell_id,
        n_students
    from {{ cells }}
    where subgroup_code = 'all_students'
    {%- endfor %}
    union all
    select
        'across|' || {{ measure_id }}coalesce(district_id, '~') || '|' || subgroup_code as suppression_set_id,
        suppression_cell_id,
        n_students
    from {{ cells }}
{%- endmacro %}


{#- True when the subgroup category is one whose groups add up to all students
    (var('exhaustive_subgroup_categories') unless categories are given). -#}
{% macro is_exhaustive_category(category_column, categories=none) -%}
    {{ category_column }} in (
        {%- for category in (categories if categories is not none else var('exhaustive_subgroup_categories')) %}'{{ category }}', {% endfor %}'<none>')
{%- endmacro %}


{#- 'at_most' / 'at_least' when a share (0-1) of a group of n students must be shown as a bound:
    at or below var('percent_bound') or at or above 1 - it, in a group where that share of the
    students is fewer than var('min_group_size'); else null. -#}
{% macro share_bound(share, n_students) -%}
    case
        when {{ n_students }} * {{ var('percent_bound') }} >= {{ var('min_group_size') }} then null
        when {{ share }} <= {{ var('percent_bound') }} then 'at_most'
        when {{ share }} >= 1 - {{ var('percent_bound') }} then 'at_least'
    end
{%- endmacro %}


{#- How a dashboard prints a group's figure: 'suppressed', the bound ('<=5%', '>=95%'), a percentage
    with one decimal for shares, or the value with two decimals. -#}
{% macro group_value_display(value, is_suppressed, bound, is_share) -%}
    case
        when {{ is_suppressed }} then 'suppressed'
        when {{ bound }} = 'at_most' then '<=' || cast(round(100 * {{ var('percent_bound') }}) as integer) || '%'
        when {{ bound }} = 'at_least' then '>=' || cast(round(100 * (1 - {{ var('percent_bound') }})) as integer) || '%'
        when {{ is_share }} then cast(round(cast(100 * {{ value }} as numeric(28, 10)), 1) as text) || '%'
        else cast(round(cast({{ value }} as numeric(28, 10)), 2) as text)
    end
{%- endmacro %}


{#- The rows of `relation` (a CTE or relation with district_id and school_id) aggregated for every
    school and for its district: reporting_level 'school' | 'district', district_id, school_id (null
    on district rows), the group_columns, and the aggregates (SQL expressions with their aliases).
    A student counted at one school per group is then counted once in the district. -#}
{% macro school_and_district_rollup(relation, group_columns, aggregates) -%}
    select
        'school' as reporting_level,
        district_id,
        school_id,
        {{ group_columns | join(', ') }},
        {{ aggregates | join(', ') }}
    from {{ relation }}
    group by district_id, school_id, {{ group_columns | join(', ') }}
    union all
    select
        'district' as reporting_level,
        district_id,
        cast(null as text) as school_id,
        {{ group_columns | join(', ') }},
        {{ aggregates | join(', ') }}
    from {{ relation }}
    group by district_id, {{ group_columns | join(', ') }}
{%- endmacro %}
