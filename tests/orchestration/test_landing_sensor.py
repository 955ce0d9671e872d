"""The landing-folder sensor launches runs for exactly the tables whose files are new or changed."""

from __future__ import annotations

import os

import dagster as dg

from orchestration.definitions import build_definitions
from orchestration.settings import Settings
from tests.helpers import write_csv, write_roster


def _evaluate(defs: dg.Definitions, cursor: str | None) -> dg.SensorResult:
    sensor = defs.resolve_sensor_def("landing_folder_sensor")
    with dg.build_sensor_context(cursor=cursor, definitions=defs, resources={"landing": defs.resources["landing"]},
                                 instance=dg.DagsterInstance.ephemeral()) as context:
        result = sensor.evaluate_tick(context)
    return result


def _selected(result) -> set[str]:
    """The raw tables a run was requested for."""
    return {key.path[-1] for request in result.run_requests for key in request.asset_selection if key.path[0] == "raw"}


def _selected_models(result) -> set[str]:
    return {key.to_user_string() for request in result.run_requests for key in request.asset_selection
            if key.path[0] != "raw"}


def test_sensor_requests_runs_for_new_and_changed_files_only(landing, tmp_path):
    defs = build_definitions(Settings(landing=landing, warehouse=tmp_path / "w.duckdb"))
    empty = _evaluate(defs, None)
    assert empty.run_requests == [] and empty.skip_message

    write_roster(landing)
    first = _evaluate(defs, empty.cursor)
    assert _selected(first) >= {"oneroster_users", "oneroster_orgs", "oneroster_enrollments"}
    assert first.run_requests[0].job_name in (None, "continuum_refresh")

    unchanged = _evaluate(defs, first.cursor)
    assert unchanged.run_requests == []

    month = write_csv(landing / "sis" / "attendance" / "attendance_2025-09.csv",
                      ["student_id", "school_id", "attendance_date", "attendance_status"],
                      [["1001", "S1", "2025-09-02", "present"]])
    new_file = _evaluate(defs, unchanged.cursor)
    assert _selected(new_file) == {"sis_daily_attendance"}
    # ... and the models built from it, so the new days reach the marts; unrelated marts stay out.
    models = _selected_models(new_file)
    assert {"staging/stg_sis__daily_attendance", "marts/fct_daily_attendance"} <= models
    assert "marts/fct_survey_responses" not in models

    os.utime(month, ns=(1, 1))  # a re-export of the same month
    changed = _evaluate(defs, new_file.cursor)
    assert _selected(changed) == {"sis_daily_attendance"}
    assert changed.run_requests[0].run_key != new_file.run_requests[0].run_key


def test_a_run_loads_every_table_from_one_listing_of_the_folder(landing):
    """A file landing mid-run waits for the next run, for every raw table alike."""
    from orchestration.resources import LandingFolder

    write_roster(landing)
    folder = LandingFolder(path=str(landing))
    first = folder.scan("run-1")
    write_csv(landing / "sis" / "attendance" / "attendance_2025-09.csv",
              ["student_id", "school_id", "attendance_date", "attendance_status"], [["s1", "org1", "2025-09-02", "present"]])
    assert folder.scan("run-1") is first and not first.for_table("sis_daily_attendance")
    assert [d.identity for d in folder.scan("run-2").for_table("sis_daily_attendance")] == \
        ["sis/attendance/attendance_2025-09.csv"]
