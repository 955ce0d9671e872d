"""Settings reach dbt: the profile's fallbacks are the pipeline's defaults."""

from __future__ import annotations

import re

from orchestration.assets.dbt_models import dbt_environment
from orchestration.definitions import build_definitions
from orchestration.settings import DEFAULT_DUCKDB_MEMORY_LIMIT, Settings
from tests.conftest import PROJECT_ROOT


def test_profile_falls_back_to_the_default_duckdb_memory_limit():
    profile = (PROJECT_ROOT / "profiles.yml").read_text()
    fallback = re.search(r"env_var\('CONTINUUM_DUCKDB_MEMORY_LIMIT', '([^']+)'\)", profile)
    assert fallback is not None and fallback.group(1) == DEFAULT_DUCKDB_MEMORY_LIMIT


def test_memory_limit_setting_is_passed_to_dbt(monkeypatch, tmp_path):
    monkeypatch.setenv("CONTINUUM_DUCKDB_MEMORY_LIMIT", "3GB")
    monkeypatch.setenv("CONTINUUM_WAREHOUSE", str(tmp_path / "w.duckdb"))
    settings = Settings.from_env()
    resources = build_definitions(settings).resources
    env = dbt_environment(resources["warehouse"], resources["postgres"])
    assert env["CONTINUUM_DUCKDB_MEMORY_LIMIT"] == "3GB"
    assert env["CONTINUUM_WAREHOUSE"] == str(tmp_path / "w.duckdb")


def test_a_dbt_build_out_of_memory_says_which_setting_to_raise(sample_landing, tmp_path):
    import dataclasses

    import dagster as dg

    from orchestration.run import run_pipeline

    settings = dataclasses.replace(Settings(landing=sample_landing, warehouse=tmp_path / "warehouse.duckdb"),
                                   duckdb_memory_limit="1MB")
    outcome = run_pipeline(settings, instance=dg.DagsterInstance.ephemeral())
    assert not outcome.succeeded
    [failure] = [failure for failure in outcome.failures if failure.startswith("warehouse_models")]
    assert "Out of Memory Error" in failure and "set CONTINUUM_DUCKDB_MEMORY_LIMIT higher" in failure
    assert "than the 1MB" in failure
