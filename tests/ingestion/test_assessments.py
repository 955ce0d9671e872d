"""Assessment extracts: the window calendar, the generic long format and the NWEA MAP export."""

from __future__ import annotations

import csv
import io
import shutil

from ingestion.landing import scan_landing
from ingestion.reconciliation import reconcile
from tests.helpers import ingest, quarantine_reasons, rows, write_csv, write_roster

WINDOW_HEADER = ["window_id", "school_year", "window_name", "start_date", "end_date"]
RESULT_HEADER = ["student_id", "school_id", "assessment_id", "assessment_type", "subject", "window_id",
                 "assessment_date", "scale_score", "continuum_level"]


def _windows(landing):
    write_csv(landing / "assessments" / "assessment_windows.csv", WINDOW_HEADER, [
        ["2025-2026-fall", "2026", "Fall", "2025-09-08", "2025-09-26"],
        ["2025-2026-winter", "2026", "Winter", "2026-01-12", "2026-01-30"],
    ])


def test_generic_results_load_and_bad_rows_are_quarantined(landing, warehouse):
    write_roster(landing)
    _windows(landing)
    write_csv(landing / "assessments" / "continuum" / "results_fall.csv", RESULT_HEADER, [
        ["1001", "S1", "CONT-READ", "diagnostic", "reading", "2025-2026-fall", "2025-09-10", "182", "4.2"],
        ["1002", "S1", "CONT-MATH", "diagnostic", "math", "2025-2026-fall", "2025-09-10", "175", ""],
        ["1003", "S1", "CONT-READ", "diagnostic", "reading", "2024-2025-fall", "2025-09-10", "181", "4.1"],
        ["4040", "S1", "CONT-READ", "diagnostic", "reading", "2025-2026-fall", "2025-09-10", "181", "4.1"],
        ["1004", "S1", "CONT-READ", "quiz", "reading", "2025-2026-fall", "2025-09-10", "181", "4.1"],
        ["1005", "S1", "CONT-READ", "diagnostic", "reading", "2025-2026-fall", "2025-09-10", "", ""],
        ["1005", "S1", "CONT-MATH", "diagnostic", "math", "2025-2026-fall", "2025-09-10", "-3", "n/a"],
    ])
    reports = ingest(landing, warehouse)
    assert reports["assessment_windows"].count("rows_loaded") == 2
    assert reports["assessment_results"].count("rows_loaded") == 2
    reasons = quarantine_reasons(warehouse, "assessment_results")
    assert "unknown assessment window" in reasons[3] and "'2024-2025-fall'" in reasons[3]
    assert "unknown student" in reasons[4]
    assert "assessment_type fails isin" in reasons[5]
    assert "has scale score or continuum level" in reasons[6]
    assert "scale_score fails greater_than_or_equal_to(0) (got '-3.0')" in reasons[7]
    assert "continuum_level not a valid number (got 'n/a')" in reasons[7]
    assert rows(warehouse, "select continuum_level from raw.assessment_results where student_id = '1002'") == [(None,)]
    assert reconcile(warehouse, "assessment_results").ok


def test_public_map_export_is_recognised_by_header_and_loads(shared_samples, landing, warehouse):
    map_file = shared_samples / "nwea-map" / "AssessmentResults.csv"
    with map_file.open(newline="") as handle:
        students = sorted({row["StudentID"] for row in csv.DictReader(handle)})
    write_roster(landing, students=students)
    (landing / "assessments" / "vendor" / "2021").mkdir(parents=True)
    shutil.copy(map_file, landing / "assessments" / "vendor" / "2021" / "export.csv")
    assert [d.table for d in scan_landing(landing).for_table("map_assessment_results")] == ["map_assessment_results"]
    reports = ingest(landing, warehouse)
    report = reports["map_assessment_results"]
    assert report.count("rows_quarantined") == 0 and report.count("rows_loaded") == 7
    assert rows(warehouse, "select test_rit_score, test_start_date::varchar, course from raw.map_assessment_results "
                           "where _row_number = 1") == [(208, "2021-09-16", "Science K-12")]
    assert reconcile(warehouse, "map_assessment_results").ok


def test_older_map_headers_in_other_case_and_renamed_columns_are_accepted(landing, warehouse):
    write_roster(landing)
    # Older exports: different header case, MeasurementScale instead of Course, RITtoReading* instead of Lexile*.
    header = ["termname", "STUDENTID", "Subject", "MeasurementScale", "TestStartDate", "TESTRITSCORE",
              "RITtoReadingScore", "RITtoReadingMin", "RITtoReadingMax", "TestPercentile"]
    write_csv(landing / "assessments" / "AssessmentResults_2019.csv", header, [
        ["Fall 2019-2020", "1001", "Reading", "Reading 2-5", "9/10/2019", "190", "520L", "420L", "570L", "55"],
        ["Fall 2019-2020", "1002", "Reading", "Reading 2-5", "2019-09-11", "185", "BR", "", "", "101"],
        ["Autumn 2019", "1003", "Reading", "Reading 2-5", "09/11/2019", "185", "", "", "", "40"],
    ])
    ingest(landing, warehouse)
    assert rows(warehouse, "select student_id, course, lexile_score, lexile_min, test_start_date::varchar "
                           "from raw.map_assessment_results") == [("1001", "Reading 2-5", "520L", "420L", "2019-09-10")]
    reasons = quarantine_reasons(warehouse, "map_assessment_results")
    assert "test_percentile fails less_than_or_equal_to(100)" in reasons[2]
    assert "term_name fails str_matches" in reasons[3]


def test_a_csv_without_the_map_signature_is_read_as_generic_results(landing):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(RESULT_HEADER)
    (landing / "assessments").mkdir()
    (landing / "assessments" / "anything.csv").write_text(buffer.getvalue() + "1001,S1,A,formative,math,w,2025-09-10,1,\n")
    assert [d.identity for d in scan_landing(landing).for_table("assessment_results")] == ["assessments/anything.csv"]
