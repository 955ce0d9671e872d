"""Survey extracts and improvement-process logs: good rows load, bad rows are quarantined with reasons."""

from __future__ import annotations

from ingestion.reconciliation import reconcile
from tests.helpers import ingest, quarantine_reasons, rows, write_csv, write_roster

ITEM_HEADER = ["item_id", "survey_name", "respondent_type", "construct", "item_text", "scale_min", "scale_max",
               "favourable_threshold", "reverse_coded"]
RESPONSE_HEADER = ["administration_id", "administration_date", "respondent_type", "respondent_id", "school_id",
                   "item_id", "response_value"]


def test_survey_item_bank_and_responses(landing, warehouse):
    write_roster(landing)
    write_csv(landing / "surveys" / "survey_items.csv", ITEM_HEADER, [
        ["BEL1", "Climate", "student", "belonging", "I feel I belong", "1", "5", "4", "false"],
        ["SAF1", "Climate", "student", "safety", "I worry at school", "1", "5", "4", "true"],
        ["BAD1", "Climate", "student", "safety", "Broken scale", "5", "1", "4", "false"],
    ])
    write_csv(landing / "surveys" / "responses" / "spring_2026.csv", RESPONSE_HEADER, [
        ["2025-2026-spring", "2026-04-01", "student", "1001", "S1", "BEL1", "4"],
        ["2025-2026-spring", "2026-04-01", "family", "", "S1", "SAF1", "2"],      # anonymous is fine
        ["2025-2026-spring", "2026-04-01", "student", "1002", "S1", "XYZ9", "3"],  # unknown item
        ["2025-2026-spring", "2026-04-01", "teacher", "T1", "S1", "BEL1", "3"],    # respondent type
        ["2025-2026-spring", "2026-04-01", "student", "1003", "S1", "BEL1", "3.5"],  # not a whole number
    ])
    reports = ingest(landing, warehouse)
    assert reports["survey_items"].count("rows_loaded") == 2
    assert "scale max above scale min" in quarantine_reasons(warehouse, "survey_items")[3]
    assert reports["survey_responses"].count("rows_loaded") == 2
    reasons = quarantine_reasons(warehouse, "survey_responses")
    assert "unknown survey item" in reasons[3]
    assert "respondent_type fails isin" in reasons[4]
    assert "response_value not a valid whole number (got '3.5')" in reasons[5]
    assert rows(warehouse, "select reverse_coded from raw.survey_items where item_id = 'SAF1'") == [(True,)]
    assert reconcile(warehouse, "survey_responses").ok


def test_improvement_logs(landing, warehouse):
    write_roster(landing)
    improvement = landing / "improvement"
    write_csv(improvement / "driver_diagram.csv",
              ["aim_id", "aim", "primary_driver_id", "primary_driver", "secondary_driver_id", "secondary_driver",
               "change_idea_id", "change_idea"],
              [["A1", "Every learner grows", "P1", "Instruction", "SD1", "Feedback", "CI1", "Exit tickets"]])
    write_csv(improvement / "pdsa_cycles.csv",
              ["cycle_id", "team_id", "team_name", "school_id", "change_idea_id", "planned_date", "started_date",
               "studied_date", "prediction_recorded", "predicted_value", "observed_value",
               "study_compared_prediction", "decision"],
              [["C1", "TM1", "Team 1", "S1", "CI1", "2025-09-01", "2025-09-03", "2025-09-20", "true", "0.6", "0.5",
                "true", "adapt"],
               ["C2", "TM1", "Team 1", "S1", "CI9", "2025-09-01", "", "", "false", "", "", "", ""],
               ["C3", "TM1", "Team 1", "S1", "CI1", "2025-09-01", "2025-09-10", "2025-09-05", "true", "", "", "",
                "keep"]])
    write_csv(improvement / "team_meetings.csv",
              ["meeting_id", "team_id", "school_id", "meeting_date", "minutes_total", "minutes_improvement"],
              [["M1", "TM1", "S1", "2025-09-02", "60", "35"], ["M2", "TM1", "S1", "2025-09-16", "45", "50"]])
    write_csv(improvement / "action_items.csv",
              ["action_item_id", "team_id", "meeting_id", "description", "created_date", "due_date", "completed_date"],
              [["AI1", "TM1", "M1", "Share data", "2025-09-02", "2025-09-16", "2025-09-15"],
               ["AI2", "TM1", "M2", "Orphan", "2025-09-16", "2025-09-30", ""]])  # its meeting was quarantined
    write_csv(improvement / "classroom_observations.csv",
              ["observation_id", "school_id", "teacher_id", "observer_id", "observation_date", "rubric_domain", "score"],
              [["O1", "S1", "T1", "P1", "2025-10-01", "instruction", "3"],
               ["O1", "S1", "T1", "P1", "2025-10-01", "planning", "5"]])
    write_csv(improvement / "pd_evaluations.csv",
              ["evaluation_id", "session_id", "session_title", "session_date", "school_id", "respondent_id", "rating",
               "would_recommend"],
              [["EV1", "PD1", "Feedback", "2025-10-10", "S1", "", "5", "yes"],
               ["EV2", "PD1", "Feedback", "2025-10-10", "S1", "", "0", "no"]])
    ingest(landing, warehouse)
    pdsa = quarantine_reasons(warehouse, "pdsa_cycles")
    assert "unknown change idea" in pdsa[2]
    assert "studied not before started" in pdsa[3] and "decision fails isin" in pdsa[3]
    assert "improvement minutes within total" in quarantine_reasons(warehouse, "team_meetings")[2]
    assert "unknown meeting" in quarantine_reasons(warehouse, "action_items")[2]
    assert "score fails less_than_or_equal_to(4" in quarantine_reasons(warehouse, "classroom_observations")[2]
    assert "rating fails greater_than_or_equal_to(1" in quarantine_reasons(warehouse, "pd_evaluations")[2]
    assert rows(warehouse, "select would_recommend from raw.pd_evaluations") == [(True,)]
    for table in ("pdsa_cycles", "team_meetings", "action_items", "classroom_observations", "pd_evaluations"):
        assert rows(warehouse, f"select count(*) from raw.{table}") == [(1,)]
        assert reconcile(warehouse, table).ok
