"""Real Dagster runs of the main job: materializations, asset checks, failures a data engineer sees."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from ingestion.registry import SOURCE_TABLES
from orchestration.definitions import build_definitions
from orchestration.jobs import REFRESH_JOB_NAME
from orchestration.run import run_pipeline
from orchestration.settings import Settings
from tests.helpers import write_csv, write_roster


@pytest.fixture
def settings(landing, tmp_path) -> Settings:
    write_roster(landing)
    write_csv(landing / "sis" / "attendance" / "attendance_2025-09.csv",
              ["student_id", "school_id", "attendance_date", "attendance_status"],
              [["1001", "S1", "2025-09-02", "present"], ["1002", "S1", "2025-09-02", "lost"]])
    return Settings(landing=landing, warehouse=tmp_path / "warehouse.duckdb")


def test_definitions_load_with_an_asset_and_two_checks_per_raw_table(settings):
    defs = build_definitions(settings)
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    assert {key.to_user_string() for key in defs.resolve_all_asset_keys() if key.path[0] == "raw"} == \
        {f"raw/{table.name}" for table in SOURCE_TABLES}
    assert len([key for key in graph.asset_check_keys if key.asset_key.path[0] == "raw"]) == 2 * len(SOURCE_TABLES)
    enrollments = dg.AssetKey(["raw", "oneroster_enrollments"])
    assert dg.AssetKey(["raw", "oneroster_users"]) in graph.get(enrollments).parent_keys
    assert graph.get(enrollments).group_name == "sis"
    assert defs.resolve_schedule_def("nightly_refresh").cron_schedule == "0 2 * * *"


def test_main_job_materializes_every_table_and_checks_pass(settings):
    outcome = run_pipeline(settings, ingest_only=True, instance=dg.DagsterInstance.ephemeral())
    assert outcome.succeeded, outcome.summary()
    assert set(outcome.loaded) == {table.name for table in SOURCE_TABLES}
    assert outcome.loaded["sis_daily_attendance"] == (1, 1, 1)
    assert outcome.loaded["oneroster_users"][0] == 6
    assert any("sis_daily_attendance quarantine_rate" in warning for warning in outcome.warnings)
    # The warehouse is closed after the run: another process can open it for writing at once.
    duckdb.connect(str(settings.warehouse)).close()


def test_materialization_metadata_shows_counts_and_a_preview(settings):
    defs = build_definitions(settings)
    raw_keys = [key for key in defs.resolve_all_asset_keys() if key.path[0] == "raw"]
    result = defs.resolve_job_def(REFRESH_JOB_NAME).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), asset_selection=raw_keys)
    events = {event.asset_key.path[-1]: event.step_materialization_data.materialization.metadata
              for event in result.get_asset_materialization_events()}
    users = events["oneroster_users"]
    assert users["rows_loaded"].value == 6 and users["dagster/row_count"].value == 6
    assert "| sourced_id |" in users["preview"].value and "oneroster_2025-2026/users.csv" in users["files"].value
    assert all(evaluation.passed for evaluation in result.get_asset_check_evaluations()
               if evaluation.check_name == "counts_reconcile")


def test_a_malformed_file_fails_its_asset_with_an_actionable_message(settings):
    (settings.landing / "sis" / "attendance" / "attendance_2025-10.csv").write_text("student_id;school_id\n1;2\n")
    outcome = run_pipeline(settings, ingest_only=True, instance=dg.DagsterInstance.ephemeral())
    assert not outcome.succeeded
    [failure] = outcome.failures
    assert "raw__sis_daily_attendance" in failure
    assert "sis/attendance/attendance_2025-10.csv: is separated by semicolons, not commas" in failure
    assert outcome.loaded["oneroster_users"][0] == 6  # other sources were not held back


def test_reconciliation_check_fails_the_run_when_raw_rows_go_missing(settings):
    assert run_pipeline(settings, ingest_only=True, instance=dg.DagsterInstance.ephemeral()).succeeded
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("delete from raw.oneroster_users where sourced_id = '1001'")
    outcome = run_pipeline(settings, ingest_only=True, instance=dg.DagsterInstance.ephemeral())
    assert not outcome.succeeded
    assert any("raw/oneroster_users counts_reconcile" in check and "holds 5 rows, the log says 6" in check
               for check in outcome.failed_checks)


def test_one_lineage_graph_from_raw_tables_to_marts_with_dbt_tests_as_checks(settings):
    graph = build_definitions(settings).resolve_asset_graph()
    users_staging = dg.AssetKey(["staging", "stg_sis__users"])
    assert dg.AssetKey(["raw", "oneroster_users"]) in graph.get(users_staging).parent_keys
    dim_student = dg.AssetKey(["marts", "dim_student"])
    assert graph.get(dim_student).group_name == "marts"
    upstream = dg.AssetSelection.assets(dim_student).upstream().resolve(graph)
    assert dg.AssetKey(["raw", "oneroster_demographics"]) in upstream
    dbt_checks = [key for key in graph.asset_check_keys if key.asset_key == dim_student]
    assert len(dbt_checks) >= 3  # its primary-key and relationship tests
