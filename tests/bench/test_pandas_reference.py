"""The pandas + pandera-pandas reference makes the same checks as ingestion: built from the same
contracts, it quarantines exactly the rows Continuum's validation quarantines."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ingestion.landing import Delivery
from ingestion.reading import read_delivery
from ingestion.registry import SOURCE_TABLES, TABLES_BY_NAME
from ingestion.validation import validate

pytest.importorskip("pandas", reason="the pandas reference needs the bench extra: pip install -e .[bench]")
from bench.pandas_reference import pandas_schema, read_and_validate  # noqa: E402

ATTENDANCE = """student_id,school_id,attendance_date,attendance_status
S1,SCH1,2025-09-02,present
S2,SCH1,2025-09-02,sick
S1,SCH1,2025-09-31,present
S2,SCH1,2025-09-03,tardy
S2,SCH1,2025-09-03,present
S9,SCH1,2025-09-04,present
,SCH1,2025-09-04,present
S1,SCH7,2025-09-05, excused_absence
"""
RESULTS = """student_id,school_id,assessment_id,assessment_type,subject,window_id,assessment_date,scale_score,continuum_level
S1,SCH1,CONT-READ,diagnostic,reading,W1,2025-09-14,140,0.0
S1,SCH1,CONT-MATH,diagnostic,math,W1,2025-09-22,,
S2,SCH1,CONT-MATH,diagnostic,math,W1,2025-09-22,-3,
S2,SCH1,CONT-READ,quiz,reading,W1,2025-09-22,150,
S2,SCH1,CONT-SCI,diagnostic,science,W2,2025-09-22,abc,1.5
S2,SCH1,CONT-SCI2,diagnostic,science,W1,2025-09-23,151,2.5
"""


def _loaded_rows(table_name: str, text: str, tmp_path: Path) -> tuple[set[int], set[int]]:
    """Row numbers (from 1) each implementation loads, with the same known parent keys."""
    table = TABLES_BY_NAME[table_name]
    path = tmp_path / f"{table_name}.csv"
    path.write_text(text)
    delivery = Delivery(table.name, path.name, path)
    parents = {"oneroster_users": ["S1", "S2"], "oneroster_orgs": ["SCH1"], "assessment_windows": ["W1"]}
    known_polars = {ref: pl.Series("key", parents[ref.parent_table]) for ref in table.references}
    known_pandas = {ref: set(parents[ref.parent_table]) for ref in table.references}
    ours = validate(table, read_delivery(table, delivery), known_polars)
    reference = read_and_validate(table, delivery, known_pandas)
    assert reference.rows_read == ours.rows_read
    assert reference.rows_quarantined == ours.quarantined.height
    return set(ours.loaded.get_column("_row_number").to_list()), {index + 1 for index in reference.loaded.index}


def test_attendance_same_rows_quarantined(tmp_path: Path) -> None:
    ours, reference = _loaded_rows("sis_daily_attendance", ATTENDANCE, tmp_path)
    # Not a status, not a date, a duplicated student-day (both rows), an unknown student, a missing one,
    # an unknown school: only the first row passes.
    assert ours == reference == {1}


def test_assessment_results_same_rows_quarantined(tmp_path: Path) -> None:
    ours, reference = _loaded_rows("assessment_results", RESULTS, tmp_path)
    # No score at all, a negative score, an unknown type, a score that is no number and an unknown window fail.
    assert ours == reference == {1, 6}


def test_every_contract_has_a_pandas_schema() -> None:
    for table in SOURCE_TABLES:
        schema = pandas_schema(table)
        assert list(schema.columns) == list(table.columns)
        assert [check.name for check in schema.checks] == [check.name for check in table.schema.checks]
