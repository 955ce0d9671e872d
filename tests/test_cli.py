"""The `continuum` command as a user runs it: generate a district, run the pipeline, read the outcome."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

CONTINUUM = [sys.executable, "-m", "continuum_cli.main"]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # Only what the test sets: a developer's own CONTINUUM_* settings must not leak in.
    clean = {name: value for name, value in os.environ.items() if not name.startswith("CONTINUUM_")}
    return subprocess.run([*CONTINUUM, *args], capture_output=True, text=True,
                          env={**clean, "DAGSTER_HOME": "", **(env or {})})


def test_generate_then_run_builds_the_warehouse(tmp_path: Path):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    generated = _run("generate", "--out", str(landing), "--students", "150", "--schools", "3", "--years", "1",
                     "--seed", "3")
    assert generated.returncode == 0, generated.stderr
    assert "Wrote a sample district" in generated.stdout and (landing / "sis").is_dir()
    # The dashboards build is covered by tests/bi (it takes minutes); here the flag that skips it.
    ran = _run("run", "--landing", str(landing), "--warehouse", str(warehouse), "--no-dashboards")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stderr == ""
    assert "Run succeeded" in ran.stdout and str(warehouse) in ran.stdout
    assert "Dashboards: not built (turned off" in ran.stdout
    assert "dbt built" in ran.stdout and "make ui" in ran.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_school").fetchone()[0] == 3
        assert con.execute("select count(*) from audit.quarantine").fetchone()[0] == 0

    # Nothing new: nothing to build, and the person sees the summary only; what libraries log about
    # the models left alone (Dagster: a blocking dbt test "emitted no result") is kept in the log file.
    again = _run("run", "--landing", str(landing), "--warehouse", str(warehouse), "--no-dashboards")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Run succeeded" in again.stdout and "dbt built" not in again.stdout
    assert again.stderr == ""
    assert "emitted no result" in (tmp_path / "logs" / "continuum-run.log").read_text()


def test_environment_variables_configure_the_run(tmp_path: Path):
    landing, warehouse = tmp_path / "landing", tmp_path / "from_env.duckdb"
    assert _run("generate", "--out", str(landing), "--students", "40", "--schools", "1", "--years", "1").returncode == 0
    ran = _run("run", "--ingest-only", env={"CONTINUUM_LANDING": str(landing), "CONTINUUM_WAREHOUSE": str(warehouse)})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert warehouse.exists() and "dbt built" not in ran.stdout


def test_missing_landing_folder_exits_with_instructions(tmp_path: Path):
    ran = _run("run", "--landing", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert ran.returncode == 2
    assert "does not exist" in ran.stderr and "continuum generate --out" in ran.stderr


def test_malformed_file_exits_non_zero_naming_the_file(tmp_path: Path):
    landing = tmp_path / "landing"
    assert _run("generate", "--out", str(landing), "--students", "40", "--schools", "1", "--years", "1").returncode == 0
    (landing / "improvement" / "team_meetings.csv").write_bytes(b"")
    ran = _run("run", "--ingest-only", "--landing", str(landing), "--warehouse", str(tmp_path / "w.duckdb"))
    assert ran.returncode == 1
    assert "Run FAILED" in ran.stdout
    assert "improvement/team_meetings.csv: is empty (0 bytes)" in ran.stdout
