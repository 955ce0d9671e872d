"""The dbt resource skips what dagster-dbt would do on every run for features Continuum does not use."""

import importlib.metadata
import subprocess

import dagster_dbt.core.resource
from dagster_dbt import DbtCliResource

from orchestration.dbt_project import DBT_EXECUTABLE, DBT_PROJECT, DbtCli


def test_the_dbt_resource_knows_the_dbt_version_without_running_dbt(monkeypatch):
    # The methods replaced must still be dagster-dbt's (an upgrade renaming them would bring the cost back).
    assert {"_cli_version", "_initialize_dbt_core_adapter"} <= set(vars(DbtCliResource))
    resource = DbtCli(project_dir=DBT_PROJECT, dbt_executable=str(DBT_EXECUTABLE))

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"ran {args}")

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", no_subprocess)
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None
    # ... and it is the version the dbt beside this interpreter reports.
    monkeypatch.undo()
    assert str(resource._cli_version) in subprocess.check_output([str(DBT_EXECUTABLE), "--version"], text=True)
