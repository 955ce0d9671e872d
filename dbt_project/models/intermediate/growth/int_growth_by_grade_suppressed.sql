{#- int_growth_by_grade_aggregated with small-group and complementary suppression decided
    (macros/complementary_suppression.sql): each school year and subject is its own table of cells,
    linked by the grades adding up to all students and the schools adding up to the district.
    So a school year's suppression needs only that year's cells: incremental by school year like
    its input (chain learner_growth, macros/incremental_partitions.sql). -#}
{{ partitioned_incremental('learner_growth', 'school_year', 'school_year') }}
{{ complementary_suppression(ref('int_growth_by_grade_aggregated'), ['school_year', 'subject'],
    exhaustive_categories=['grade_level'],
    where=incremental_partition_predicate('learner_growth', 'school_year', 'school_year')) }}
