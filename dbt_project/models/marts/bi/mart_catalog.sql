{#- The marts BI reads, one row each with its row count: the published marts file holds these and
    this table (orchestration/assets/published_marts.py takes the list from this model's refs). A mart
    left out is not published: fct_daily_attendance (90M rows at 100k students; dashboards read the
    monthly and yearly marts built from it, analysts query it in the warehouse).
    Being downstream of every published mart, it is rebuilt whenever one of them is, and the pipeline
    republishes after it: Dagster skips a step when any asset it depends on was not rebuilt in the run,
    so the publish step depends on this table alone. -#}
select
    'bridge_student_subgroup' as mart_name,
    count(*) as row_count
from {{ ref('bridge_student_subgroup') }}
union all
select
    'dim_assessment' as mart_name,
    count(*) as row_count
from {{ ref('dim_assessment') }}
union all
select
    'dim_assessment_window' as mart_name,
    count(*) as row_count
from {{ ref('dim_assessment_window') }}
union all
select
    'dim_change_idea' as mart_name,
    count(*) as row_count
from {{ ref('dim_change_idea') }}
union all
select
    'dim_continuum_level' as mart_name,
    count(*) as row_count
from {{ ref('dim_continuum_level') }}
union all
select
    'dim_date' as mart_name,
    count(*) as row_count
from {{ ref('dim_date') }}
union all
select
    'dim_improvement_team' as mart_name,
    count(*) as row_count
from {{ ref('dim_improvement_team') }}
union all
select
    'dim_school' as mart_name,
    count(*) as row_count
from {{ ref('dim_school') }}
union all
select
    'dim_school_year' as mart_name,
    count(*) as row_count
from {{ ref('dim_school_year') }}
union all
select
    'dim_student' as mart_name,
    count(*) as row_count
from {{ ref('dim_student') }}
union all
select
    'dim_survey_item' as mart_name,
    count(*) as row_count
from {{ ref('dim_survey_item') }}
union all
select
    'fct_action_items' as mart_name,
    count(*) as row_count
from {{ ref('fct_action_items') }}
union all
select
    'fct_assessment_results' as mart_name,
    count(*) as row_count
from {{ ref('fct_assessment_results') }}
union all
select
    'fct_classroom_observations' as mart_name,
    count(*) as row_count
from {{ ref('fct_classroom_observations') }}
union all
select
    'fct_enrollment_spells' as mart_name,
    count(*) as row_count
from {{ ref('fct_enrollment_spells') }}
union all
select
    'fct_pd_evaluations' as mart_name,
    count(*) as row_count
from {{ ref('fct_pd_evaluations') }}
union all
select
    'fct_pdsa_cycles' as mart_name,
    count(*) as row_count
from {{ ref('fct_pdsa_cycles') }}
union all
select
    'fct_student_attendance_year' as mart_name,
    count(*) as row_count
from {{ ref('fct_student_attendance_year') }}
union all
select
    'fct_survey_responses' as mart_name,
    count(*) as row_count
from {{ ref('fct_survey_responses') }}
union all
select
    'fct_team_meetings' as mart_name,
    count(*) as row_count
from {{ ref('fct_team_meetings') }}
union all
select
    'mart_action_item_follow_through_monthly' as mart_name,
    count(*) as row_count
from {{ ref('mart_action_item_follow_through_monthly') }}
union all
select
    'mart_change_idea_testing' as mart_name,
    count(*) as row_count
from {{ ref('mart_change_idea_testing') }}
union all
select
    'mart_demographic_predictive_value' as mart_name,
    count(*) as row_count
from {{ ref('mart_demographic_predictive_value') }}
union all
select
    'mart_growth_by_grade' as mart_name,
    count(*) as row_count
from {{ ref('mart_growth_by_grade') }}
union all
select
    'mart_learner_growth' as mart_name,
    count(*) as row_count
from {{ ref('mart_learner_growth') }}
union all
select
    'mart_meeting_time_use_monthly' as mart_name,
    count(*) as row_count
from {{ ref('mart_meeting_time_use_monthly') }}
union all
select
    'mart_observation_rubric' as mart_name,
    count(*) as row_count
from {{ ref('mart_observation_rubric') }}
union all
select
    'mart_outcomes_by_subgroup' as mart_name,
    count(*) as row_count
from {{ ref('mart_outcomes_by_subgroup') }}
union all
select
    'mart_pd_session_ratings' as mart_name,
    count(*) as row_count
from {{ ref('mart_pd_session_ratings') }}
union all
select
    'mart_pdsa_throughput_monthly' as mart_name,
    count(*) as row_count
from {{ ref('mart_pdsa_throughput_monthly') }}
union all
select
    'mart_priority_students' as mart_name,
    count(*) as row_count
from {{ ref('mart_priority_students') }}
union all
select
    'mart_spc_attendance_monthly' as mart_name,
    count(*) as row_count
from {{ ref('mart_spc_attendance_monthly') }}
union all
select
    'mart_spc_bright_spots' as mart_name,
    count(*) as row_count
from {{ ref('mart_spc_bright_spots') }}
union all
select
    'mart_spc_chronic_absence_monthly' as mart_name,
    count(*) as row_count
from {{ ref('mart_spc_chronic_absence_monthly') }}
union all
select
    'mart_spc_continuum_windows' as mart_name,
    count(*) as row_count
from {{ ref('mart_spc_continuum_windows') }}
union all
select
    'mart_spc_pdsa_cycles_monthly' as mart_name,
    count(*) as row_count
from {{ ref('mart_spc_pdsa_cycles_monthly') }}
union all
select
    'mart_spc_series_status' as mart_name,
    count(*) as row_count
from {{ ref('mart_spc_series_status') }}
union all
select
    'mart_spc_survey_favourability' as mart_name,
    count(*) as row_count
from {{ ref('mart_spc_survey_favourability') }}
union all
select
    'mart_survey_favourability_by_subgroup' as mart_name,
    count(*) as row_count
from {{ ref('mart_survey_favourability_by_subgroup') }}
