"""A malformed file fails its table with a message naming the file and the fix, and loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.load import IngestionFailed
from ingestion.reconciliation import reconcile
from tests.helpers import ingest, ingest_one, rows, write_csv, write_roster

HEADER = "student_id,school_id,attendance_date,attendance_status\n"
GOOD = HEADER + "1001,S1,2025-09-02,present\n1002,S1,2025-09-02,tardy\n"

BAD_FILES = {
    "empty": (b"", "is empty (0 bytes)"),
    "header_only": (HEADER.encode(), "has a header but no data rows"),
    "utf16": (GOOD.encode("utf-16"), "is UTF-16 encoded"),
    "latin1_header": ("student_id,school_id,attendance_date,attendance_status,année\n1001,S1,2025-09-02,present,x\n"
                      .encode("latin-1"), "is not UTF-8 (invalid byte 0xe9 in the header)"),
    "latin1_body": ((HEADER + "1001,S1,2025-09-02,présent\n").encode("latin-1"), "is not UTF-8"),
    "semicolons": (GOOD.replace(",", ";").encode(), "is separated by semicolons, not commas"),
    "missing_columns": (b"student_id,attendance_date\n1001,2025-09-02\n",
                        "is missing required column(s) school_id, attendance_status"),
    "ragged": ((HEADER + "1001,S1,2025-09-02,present\n1002,S1,2025-09-02,present,extra,x\n").encode(),
               "data row 2 has 6 fields but the header has 4"),
    "duplicate_header": (b"student_id,school_id,attendance_date,attendance_status,Student_ID\n1,S1,2025-09-02,present,1\n",
                         "has the column 'student_id' twice"),
}


@pytest.fixture
def loaded_month(landing: Path, warehouse) -> Path:
    """A roster and one good attendance file, loaded: the state a bad delivery must not disturb."""
    write_roster(landing)
    path = landing / "sis" / "attendance" / "attendance_2025-09.csv"
    path.parent.mkdir(parents=True)
    path.write_text(GOOD)
    ingest(landing, warehouse)
    return path


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_new_file_fails_the_table_names_the_file_and_keeps_earlier_data(case, landing, warehouse, loaded_month):
    content, expected = BAD_FILES[case]
    (landing / "sis" / "attendance" / "attendance_2025-10.csv").write_bytes(content)
    with pytest.raises(IngestionFailed) as failure:
        ingest_one(landing, warehouse, "sis_daily_attendance")
    message = str(failure.value)
    assert "sis/attendance/attendance_2025-10.csv" in message and expected in message
    assert rows(warehouse, "select count(*), min(_source_file) from raw.sis_daily_attendance") == \
        [(2, "sis/attendance/attendance_2025-09.csv")]
    assert rows(warehouse, "select status, rows_read from audit.ingest_log "
                           "where source_file like '%2025-10%'") == [("failed", 0)]
    assert reconcile(warehouse, "sis_daily_attendance").ok


def test_bad_redelivery_of_a_loaded_file_keeps_the_earlier_version(landing, warehouse, loaded_month):
    loaded_month.write_text(GOOD.replace(",", ";"))
    with pytest.raises(IngestionFailed, match="separated by semicolons"):
        ingest_one(landing, warehouse, "sis_daily_attendance")
    assert rows(warehouse, "select count(*) from raw.sis_daily_attendance") == [(2,)]
    assert reconcile(warehouse, "sis_daily_attendance").ok


def test_other_files_of_the_table_still_load_when_one_fails(landing, warehouse, loaded_month):
    (landing / "sis" / "attendance" / "attendance_2025-10.csv").write_bytes(b"")
    write_csv(landing / "sis" / "attendance" / "attendance_2025-11.csv",
              HEADER.strip().split(","), [["1003", "S1", "2025-11-03", "present"]])
    with pytest.raises(IngestionFailed, match=r"1 file\(s\) for raw.sis_daily_attendance"):
        ingest_one(landing, warehouse, "sis_daily_attendance")
    assert rows(warehouse, "select count(*) from raw.sis_daily_attendance") == [(3,)]


def test_unrecognised_files_are_reported_not_dropped(landing):
    from ingestion.landing import scan_landing

    (landing / "improvement").mkdir()
    (landing / "improvement" / "notes.csv").write_text("a,b\n1,2\n")
    (landing / "improvement" / "minutes.xlsx").write_bytes(b"PK")
    (landing / "stray.csv").write_text("a\n1\n")
    (landing / "improvement" / ".DS_Store").write_bytes(b"\0")
    unrecognised = dict(scan_landing(landing).unrecognised)
    assert set(unrecognised) == {"improvement/notes.csv", "improvement/minutes.xlsx", "stray.csv"}
    assert "matches no improvement extract" in unrecognised["improvement/notes.csv"]
