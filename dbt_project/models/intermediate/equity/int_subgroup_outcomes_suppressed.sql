{#- int_subgroup_outcomes_aggregated with small-group and complementary suppression decided
    (macros/complementary_suppression.sql): each outcome of a school year is its own table of
    cells, linked by the sums of exhaustive categories and of schools to the district.
    So a school year's suppression needs only that year's cells: incremental by school year like
    its input (chain student_outcomes, macros/incremental_partitions.sql). -#}
{{ partitioned_incremental('student_outcomes', 'school_year', 'school_year') }}
{%- set rebuilt_years -%}
    (
        select * from {{ ref('int_subgroup_outcomes_aggregated') }}
        where {{ incremental_partition_predicate('student_outcomes', 'school_year', 'school_year') }}
    ) as rebuilt_years
{%- endset -%}
{{ complementary_suppression(rebuilt_years, ['school_year', 'subject', 'outcome_code']) }}
