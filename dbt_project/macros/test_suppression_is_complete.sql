{#- Generic test for the output of complementary_suppression: no set of cells that adds up to a
    shown total (see the macro) has exactly one suppressed member, so no suppressed value can be
    recovered by subtraction; and no shown cell is below var('min_group_size'). Returns the
    offending sets or cells. -#}
{% test suppression_is_complete(model, measure_columns, exhaustive_categories=none) %}
with

cells as (
    select * from {{ model }}
),

set_members as (
    {{ suppression_set_members('cells', measure_columns, exhaustive_categories) }}
),

exposed_sets as (
    select
        set_members.suppression_set_id as problem,
        'a suppressed cell is the only hidden member of its set' as reason
    from set_members
    inner join cells
        on set_members.suppression_cell_id = cells.suppression_cell_id
    group by set_members.suppression_set_id
    having sum(case when cells.is_suppressed then 1 else 0 end) = 1
),

small_cells as (
    select
        suppression_cell_id as problem,
        'a shown cell has fewer students than the minimum' as reason
    from cells
    where not is_suppressed and n_students < {{ var('min_group_size') }}
)

select * from exposed_sets
union all
select * from small_cells
{% endtest %}
