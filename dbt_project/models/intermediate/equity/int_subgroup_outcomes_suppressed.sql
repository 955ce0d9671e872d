{#- int_subgroup_outcomes_aggregated with small-group and complementary suppression decided
    (macros/complementary_suppression.sql): each outcome of a school year is its own table of
    cells, linked by the sums of exhaustive categories and of schools to the district.
    So an outcome's suppression in a school year needs only its own cells: incremental by school year
    and subject like its input (chain student_outcomes, macros/incremental_partitions.sql). -#}
{{ partitioned_incremental('student_outcomes', 'school_year', 'school_year', subject_column='subject') }}
{{ complementary_suppression(ref('int_subgroup_outcomes_aggregated'), ['school_year', 'subject', 'outcome_code'],
    where=incremental_partition_predicate('student_outcomes', 'school_year', 'school_year', subject_column='subject')) }}
