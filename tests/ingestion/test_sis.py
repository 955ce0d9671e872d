"""SIS extracts: OneRoster 1.1 and 1.2 bundles (folder and zip), program participation, attendance."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest

from ingestion.load import IngestionFailed
from ingestion.reconciliation import reconcile
from tests.helpers import STUDENTS, ingest, quarantine_reasons, rows, write_csv, write_roster

ATTENDANCE_HEADER = ["student_id", "school_id", "attendance_date", "attendance_status"]
PROGRAM_HEADER = ["student_id", "school_id", "program_code", "begin_date", "end_date"]


def test_public_oneroster_11_sample_loads_completely(shared_samples, landing, warehouse):
    shutil.copytree(shared_samples / "oneroster-1.1", landing / "sis" / "grand_bend")
    reports = ingest(landing, warehouse)
    for table, file in (("oneroster_users", "users.csv"), ("oneroster_enrollments", "enrollments.csv")):
        with (shared_samples / "oneroster-1.1" / file).open(newline="") as handle:
            expected = len(list(csv.reader(handle))) - 1
        assert reports[table].count("rows_loaded") == expected > 0
    assert rows(warehouse, "select count(*) from audit.quarantine") == [(0,)]
    # 1.1 carries role in users.csv; it is kept for staging to use.
    assert rows(warehouse, "select count(*) from raw.oneroster_users where role = 'student'")[0][0] > 0
    assert rows(warehouse, "select name from raw.oneroster_orgs where type = 'district'") == [("Grand Bend ISD",)]
    for table in ("oneroster_users", "oneroster_enrollments", "oneroster_demographics"):
        assert reconcile(warehouse, table).ok


def test_oneroster_12_bundle_loads_and_never_stores_passwords(landing, warehouse):
    write_roster(landing)
    reports = ingest(landing, warehouse)
    assert reports["oneroster_users"].count("rows_loaded") == len(STUDENTS) + 1
    assert reports["oneroster_roles"].count("rows_loaded") == len(STUDENTS) + 1
    columns = [name for (name,) in rows(warehouse, "select column_name from information_schema.columns "
                                                   "where table_name = 'oneroster_users'")]
    assert "password" not in columns
    assert rows(warehouse, "select _source_file, _row_number from raw.oneroster_users order by _row_number limit 1") \
        == [("sis/oneroster_2025-2026/users.csv", 1)]


def test_zipped_bundle_loads_like_a_folder(landing, warehouse, tmp_path):
    folder = write_roster(tmp_path / "staging")
    archive = landing / "sis" / "oneroster_2025-2026.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as handle:
        for path in folder.iterdir():
            handle.write(path, f"export/{path.name}")
    reports = ingest(landing, warehouse)
    assert reports["oneroster_enrollments"].count("rows_loaded") == len(STUDENTS) + 1
    assert rows(warehouse, "select distinct _source_file from raw.oneroster_orgs") == \
        [("sis/oneroster_2025-2026.zip/orgs.csv",)]


def test_bad_roster_rows_are_quarantined_with_reasons(landing, warehouse):
    folder = write_roster(landing)
    write_csv(folder / "enrollments.csv",
              ["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate"],
              [["E1", "K1", "S1", "1001", "student", "false", "2025-08-18"],
               ["E2", "K1", "S1", "9999", "student", "false", "2025-08-18"],   # unknown student
               ["E3", "K1", "S1", "1002", "pupil", "false", "2025-08-18"],    # unknown role code
               ["E4", "K1", "S1", "1003", "student", "maybe", "18/08/2025"],  # bad boolean and date
               ["E4", "K1", "S1", "1004", "student", "false", ""]])           # duplicate sourcedId
    reports = ingest(landing, warehouse)
    report = reports["oneroster_enrollments"]
    assert (report.count("rows_read"), report.count("rows_loaded"), report.count("rows_quarantined")) == (5, 1, 4)
    reasons = quarantine_reasons(warehouse, "oneroster_enrollments")
    assert "unknown user" in reasons[2] and "'9999'" in reasons[2]
    assert "role fails isin" in reasons[3] and "'pupil'" in reasons[3]
    assert "primary not a valid true/false value (got 'maybe')" in reasons[4]
    assert "begin_date not a valid date (YYYY-MM-DD) (got '18/08/2025')" in reasons[4]
    assert "duplicates another row" in reasons[4] and "duplicates another row" in reasons[5]
    raw_values = rows(warehouse, "select raw_values from audit.quarantine where row_number = 4")[0][0]
    assert '"beginDate":"18/08/2025"' in raw_values
    assert reconcile(warehouse, "oneroster_enrollments").ok


def test_manifest_promising_a_missing_file_fails_that_table(landing, warehouse):
    folder = write_roster(landing)
    (folder / "demographics.csv").unlink()
    with pytest.raises(IngestionFailed, match="demographics.csv is listed as 'bulk'"):
        ingest(landing, warehouse, "oneroster_demographics")


def test_delta_files_are_refused_with_instructions(landing, warehouse):
    folder = write_roster(landing)
    manifest = (folder / "manifest.csv").read_text().replace("file.users,bulk", "file.users,delta")
    (folder / "manifest.csv").write_text(manifest)
    with pytest.raises(IngestionFailed, match="marked 'delta'.*Export a bulk"):
        ingest(landing, warehouse, "oneroster_users")


def test_attendance_and_programs_load_and_quarantine_bad_rows(landing, warehouse):
    write_roster(landing)
    write_csv(landing / "sis" / "attendance" / "attendance_2025-09.csv", ATTENDANCE_HEADER, [
        ["1001", "S1", "2025-09-02", "present"],
        ["1002", "S1", "2025-09-02", "unexcused_absence"],
        ["1002", "S1", "2025-09-02", "present"],          # same student and day twice
        ["1003", "S9", "2025-09-02", "present"],          # unknown school
        ["1004", "S1", "2025-09-31", "present"],          # no such date
        ["1005", "S1", "2025-09-02", "here"],             # unknown status
    ])
    write_csv(landing / "sis" / "program_participation" / "program_participation_2025-2026.csv", PROGRAM_HEADER, [
        ["1001", "S1", "english_learner", "2025-08-18", ""],
        ["1002", "S1", "iep", "2025-08-18", "2025-06-01"],  # ends before it begins
        ["7777", "S1", "iep", "2025-08-18", ""],            # unknown student
    ])
    reports = ingest(landing, warehouse)
    attendance = quarantine_reasons(warehouse, "sis_daily_attendance")
    assert reports["sis_daily_attendance"].count("rows_loaded") == 1
    assert set(attendance) == {2, 3, 4, 5, 6}
    assert "unknown school" in attendance[4]
    assert "attendance_date not a valid date" in attendance[5]
    assert "attendance_status fails isin" in attendance[6]
    programs = quarantine_reasons(warehouse, "sis_program_participation")
    assert "end date not before begin date" in programs[2]
    assert "unknown student" in programs[3]
    assert reconcile(warehouse, "sis_daily_attendance").ok and reconcile(warehouse, "sis_program_participation").ok
