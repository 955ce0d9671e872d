"""The dbt project as Dagster sees it, and keeping its manifest current.

dagster-dbt builds assets from target/manifest.json. `dagster dev` would parse on load, but
`continuum run` and the tests load definitions directly, so the manifest is refreshed here when
any dbt file is newer than it (a parse takes seconds; an unchanged project costs a stat walk).
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from orchestration.settings import PROJECT_ROOT

DBT_PROJECT = DbtProject(project_dir=PROJECT_ROOT, profiles_dir=PROJECT_ROOT, target_path=Path("target"))
# The dbt beside this interpreter: the venv's bin/ need not be on PATH.
DBT_EXECUTABLE = Path(sys.executable).with_name("dbt")
_DBT_SOURCES = [PROJECT_ROOT / "dbt_project", PROJECT_ROOT / "dbt_project.yml", PROJECT_ROOT / "profiles.yml"]


def _newest_source_mtime() -> float:
    newest = 0.0
    for root in _DBT_SOURCES:
        paths = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        newest = max([newest, *(p.stat().st_mtime for p in paths)])
    return newest


def databaseless_dbt_environment() -> dict[str, str]:
    """For dbt commands that read the project but no warehouse (parse, ls): they need a profile, so
    DuckDB points at memory and no file is opened or created."""
    return {**os.environ, "CONTINUUM_TARGET": "duckdb", "CONTINUUM_WAREHOUSE": ":memory:",
            "DBT_PROFILES_DIR": str(PROJECT_ROOT), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def ensure_manifest() -> Path:
    manifest = DBT_PROJECT.manifest_path
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime():
        return manifest
    result = subprocess.run([str(DBT_EXECUTABLE), "parse", "--quiet", "--target-path", "target"], cwd=PROJECT_ROOT,
                            env=databaseless_dbt_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"`dbt parse` failed; fix the dbt project first:\n{result.stdout}\n{result.stderr}")
    return manifest


class DbtCli(DbtCliResource):
    """dagster-dbt's dbt resource without two costs of every run that Continuum has no use for:
    it runs `dbt --version` in a subprocess (the dbt beside this interpreter is the dbt-core
    installed here) and opens a dbt adapter in this process, needed only to fetch row counts or
    column metadata after the build, which the assets do not ask for. Together 2.5 to 5 s of
    every run (a 40 s incremental run at 100k students)."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None
