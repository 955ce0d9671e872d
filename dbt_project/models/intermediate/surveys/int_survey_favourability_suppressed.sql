{#- int_survey_favourability_aggregated with small-group and complementary suppression decided
    (macros/complementary_suppression.sql): each construct of an administration is its own table. -#}
{{ complementary_suppression(ref('int_survey_favourability_aggregated'), ['administration_id', 'respondent_type', 'construct']) }}
