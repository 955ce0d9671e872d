"""The project's own generic data tests (dbt_utils is out of reach) find what they are written to find."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess

import duckdb

from tests.conftest import PROJECT_ROOT, dbt_env


def test_unique_and_relationship_tests_of_the_daily_fact_fail_on_a_duplicate_day_and_an_unknown_student(
        duckdb_build, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(duckdb_build.settings.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        table = "intermediate.int_daily_attendance_deduplicated"
        con.execute(f"insert into {table} select * from {table} order by student_key, attendance_date limit 1")
        con.execute(f"insert into {table} select * replace ('no-such-student' as student_key) from {table} "
                    f"where student_key = (select min(student_key) from {table}) limit 2")
    settings = dataclasses.replace(duckdb_build.settings, warehouse=warehouse)
    result = subprocess.run([str(PROJECT_ROOT / "scripts" / "dbt.sh"), "test", "--select",
                             "fct_daily_attendance int_daily_attendance_deduplicated", "--exclude", "test_type:unit"],
                            env=dbt_env(settings, tmp_path), capture_output=True, text=True)
    assert result.returncode == 1, result.stdout[-3000:]
    outcomes = {row["unique_id"].split(".")[2]: (row["status"], row["failures"])
                for row in json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]}
    # One student-day twice; one unknown student-year (its two days are one combination).
    assert {name: outcome for name, outcome in outcomes.items() if outcome[0] not in ("pass", "success")} == {
        "unique_combination_int_daily_attendance_deduplicated_student_key__attendance_date": ("fail", 1),
        "unique_combination_fct_daily_attendance_student_key__date_day": ("fail", 1),
        "relationships_fct_daily_attendance_student_year__dim_student": ("fail", 1),
    }
    assert len(outcomes) > 10
