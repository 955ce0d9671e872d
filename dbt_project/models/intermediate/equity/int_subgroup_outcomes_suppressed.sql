{#- int_subgroup_outcomes_aggregated with small-group and complementary suppression decided
    (macros/complementary_suppression.sql): each outcome of a school year is its own table of
    cells, linked by the sums of exhaustive categories and of schools to the district. -#}
{{ complementary_suppression(ref('int_subgroup_outcomes_aggregated'), ['school_year', 'subject', 'outcome_code']) }}
