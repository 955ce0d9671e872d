"""Re-delivering a file is a no-op; a corrected file replaces its earlier rows; counts always reconcile."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from ingestion.reconciliation import reconcile
from ingestion.warehouse import Warehouse
from tests.helpers import ingest, ingest_one, rows, write_csv, write_roster

HEADER = ["student_id", "school_id", "attendance_date", "attendance_status"]


def _month(landing, name="attendance_2025-09.csv", records=None):
    records = records or [["1001", "S1", "2025-09-02", "present"], ["1002", "S1", "2025-09-02", "tardy"],
                          ["1003", "S1", "2025-09-02", "nope"]]
    return write_csv(landing / "sis" / "attendance" / name, HEADER, records)


def test_same_file_again_is_a_no_op(landing, warehouse):
    write_roster(landing)
    _month(landing)
    ingest(landing, warehouse)
    before = rows(warehouse, "select count(*), max(_loaded_at) from raw.sis_daily_attendance")
    report = ingest_one(landing, warehouse, "sis_daily_attendance")
    assert [outcome.status for outcome in report.files] == ["unchanged"]
    assert rows(warehouse, "select count(*), max(_loaded_at) from raw.sis_daily_attendance") == before
    assert rows(warehouse, "select count(*) from audit.ingest_log where source_table = 'sis_daily_attendance'") == [(1,)]
    assert rows(warehouse, "select count(*) from audit.quarantine") == [(1,)]


def test_a_file_is_hashed_again_only_when_its_size_or_modification_time_changed(landing, warehouse, monkeypatch):
    from ingestion.landing import Delivery

    write_roster(landing)
    path = _month(landing)
    ingest(landing, warehouse)
    hashed = []
    real_hash = Delivery.file_hash
    monkeypatch.setattr(Delivery, "file_hash", lambda delivery: hashed.append(delivery.identity) or real_hash(delivery))
    assert [o.status for o in ingest_one(landing, warehouse, "sis_daily_attendance").files] == ["unchanged"]
    assert hashed == []
    path.touch()  # rewritten with the same content: read and hashed once more, still unchanged
    stamp = path.stat().st_mtime_ns
    assert [o.status for o in ingest_one(landing, warehouse, "sis_daily_attendance").files] == ["unchanged"]
    assert ingest_one(landing, warehouse, "sis_daily_attendance").files[0].status == "unchanged"
    assert hashed == [path.relative_to(landing).as_posix()]
    # New content of the same size: the new modification time alone has it read again.
    size = path.stat().st_size
    _month(landing, records=[["1001", "S1", "2025-09-02", "present"], ["1002", "S1", "2025-09-02", "tardy"],
                             ["1003", "S1", "2025-09-02", "nada"]])
    os.utime(path, ns=(stamp + 10**9, stamp + 10**9))
    assert path.stat().st_size == size
    assert [o.status for o in ingest_one(landing, warehouse, "sis_daily_attendance").files] == ["replaced"]


def test_corrected_redelivery_replaces_the_files_rows_and_quarantine(landing, warehouse):
    write_roster(landing)
    path = _month(landing)
    ingest(landing, warehouse)
    _month(landing, records=[["1001", "S1", "2025-09-02", "present"], ["1002", "S1", "2025-09-02", "tardy"],
                             ["1003", "S1", "2025-09-02", "present"], ["1004", "S1", "2025-09-02", "present"]])
    report = ingest_one(landing, warehouse, "sis_daily_attendance")
    assert [(o.status, o.rows_loaded, o.rows_quarantined) for o in report.files] == [("replaced", 4, 0)]
    assert rows(warehouse, "select count(*), count(distinct student_id) from raw.sis_daily_attendance") == [(4, 4)]
    assert rows(warehouse, "select count(*) from audit.quarantine") == [(0,)]
    assert rows(warehouse, "select status from audit.ingest_log where source_file = ? order by finished_at",
                [path.relative_to(landing).as_posix()]) == [("loaded",), ("replaced",)]
    assert reconcile(warehouse, "sis_daily_attendance").ok


def test_same_content_under_another_name_is_skipped_as_a_duplicate(landing, warehouse):
    write_roster(landing)
    path = _month(landing)
    ingest(landing, warehouse)
    shutil.copy(path, path.with_name("attendance_2025-09 (1).csv"))
    report = ingest_one(landing, warehouse, "sis_daily_attendance")
    assert sorted(o.status for o in report.files) == ["duplicate", "unchanged"]
    assert rows(warehouse, "select count(*) from raw.sis_daily_attendance") == [(2,)]
    assert reconcile(warehouse, "sis_daily_attendance").ok


def test_two_new_files_with_the_same_content_load_once(landing, warehouse):
    write_roster(landing)
    path = _month(landing)
    shutil.copy(path, path.with_name("attendance_2025-09 (1).csv"))
    report = ingest(landing, warehouse)["sis_daily_attendance"]
    assert sorted(o.status for o in report.files) == ["duplicate", "loaded"]
    assert rows(warehouse, "select count(*) from raw.sis_daily_attendance") == [(2,)]
    assert reconcile(warehouse, "sis_daily_attendance").ok


def test_a_write_failing_part_way_leaves_the_earlier_delivery_as_it_was(landing, warehouse, monkeypatch):
    write_roster(landing)
    _month(landing)
    ingest(landing, warehouse)
    everything = ("select 'raw', count(*), max(_loaded_at)::text from raw.sis_daily_attendance "
                  "union all select 'quarantine', count(*), max(quarantined_at)::text from audit.quarantine "
                  "union all select 'log', count(*), max(finished_at)::text from audit.ingest_log order by 1")
    before = rows(warehouse, everything)
    _month(landing, records=[["1001", "S1", "2025-09-02", "present"], ["1004", "S1", "2025-09-02", "present"]])

    def fail_after_the_rows_are_written(*args, **kwargs):
        raise RuntimeError("disk full")

    # The log row is written last in the delivery's transaction, after the old rows are deleted and the new inserted.
    monkeypatch.setattr(Warehouse, "_log", staticmethod(fail_after_the_rows_are_written))
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_one(landing, warehouse, "sis_daily_attendance")
    assert rows(warehouse, everything) == before
    monkeypatch.undo()
    assert reconcile(warehouse, "sis_daily_attendance").ok


def test_reconciliation_detects_rows_that_no_delivery_accounts_for(landing, warehouse):
    write_roster(landing)
    _month(landing)
    ingest(landing, warehouse)
    with duckdb.connect(str(warehouse.path)) as con:
        con.execute("delete from raw.sis_daily_attendance where student_id = '1001'")
    result = reconcile(warehouse, "sis_daily_attendance")
    assert not result.ok
    assert result.problems == ["sis/attendance/attendance_2025-09.csv: raw.sis_daily_attendance holds 1 rows, "
                               "the log says 2"]


def test_reconciliation_counts_rows_by_delivery_whether_or_not_file_contents_repeat(landing, warehouse):
    """Raw rows are counted by file hash (cheap) while the current deliveries' hashes are distinct, and by
    file and hash when two share one; rows of a hash no current delivery has are reported by file."""
    write_roster(landing)
    _month(landing)
    _month(landing, name="attendance_2025-10.csv", records=[["1001", "S1", "2025-10-01", "present"]])
    ingest(landing, warehouse)
    assert reconcile(warehouse, "sis_daily_attendance").ok
    with duckdb.connect(str(warehouse.path)) as con:  # rows of an earlier version of the September file left behind
        con.execute("update raw.sis_daily_attendance set _file_hash = 'an earlier version' where student_id = '1002'")
    assert sorted(reconcile(warehouse, "sis_daily_attendance").problems) == [
        "sis/attendance/attendance_2025-09.csv: 1 raw and 0 quarantined rows belong to no current delivery",
        "sis/attendance/attendance_2025-09.csv: raw.sis_daily_attendance holds 1 rows, the log says 2"]
    with duckdb.connect(str(warehouse.path)) as con:  # two current deliveries of one content (by hand: the loader skips it)
        october = "source_file = 'sis/attendance/attendance_2025-10.csv'"
        september_hash = "(select file_hash from audit.ingest_log where source_file like '%2025-09.csv')"
        con.execute(f"update raw.sis_daily_attendance set _file_hash = {september_hash} where _file_hash = 'an earlier version'")
        con.execute(f"update raw.sis_daily_attendance set _file_hash = {september_hash} "
                    "where _source_file like '%2025-10.csv'")
        con.execute(f"update audit.ingest_log set file_hash = {september_hash} where {october}")
    result = reconcile(warehouse, "sis_daily_attendance")
    assert result.ok and (result.files, result.rows_loaded) == (2, 3)
    with duckdb.connect(str(warehouse.path)) as con:
        con.execute("delete from raw.sis_daily_attendance where _source_file like '%2025-10.csv'")
    assert reconcile(warehouse, "sis_daily_attendance").problems == [
        "sis/attendance/attendance_2025-10.csv: raw.sis_daily_attendance holds 0 rows, the log says 1"]


def test_an_out_of_date_audit_view_is_replaced_and_a_current_one_left_alone(landing, warehouse):
    """Each raw-table step prepares the warehouse; the audit DDL runs only when the view does not carry
    the current DDL's stamp (an older Continuum's warehouse, or a changed definition): replacing the
    view on every step made closing every connection a checkpoint."""
    from ingestion.warehouse import AUDIT_DDL_STAMP

    write_roster(landing)
    ingest(landing, warehouse)
    stale = "create or replace view audit.current_deliveries as select 'stale' as source_table"
    view = "select comment, (select count(*) from audit.current_deliveries where source_table = 'stale') " \
           "from duckdb_views() where view_name = 'current_deliveries'"
    with warehouse.connect() as con:
        con.execute(stale)
    warehouse.prepare([])
    assert rows(warehouse, view) == [(AUDIT_DDL_STAMP, 0)]
    with warehouse.connect() as con:  # a view carrying the current stamp is taken as current
        con.execute(stale)
        con.execute(f"comment on view audit.current_deliveries is '{AUDIT_DDL_STAMP}'")
    warehouse.prepare([])
    assert rows(warehouse, view) == [(AUDIT_DDL_STAMP, 1)]
