"""The warehouse built once per session on each target, by a real Dagster run of the main job."""

from __future__ import annotations

import dataclasses

import dagster as dg
import pytest

from orchestration.run import RunOutcome, run_pipeline
from orchestration.settings import Settings


@dataclasses.dataclass
class BuiltWarehouse:
    settings: Settings
    outcome: RunOutcome


@pytest.fixture(scope="session")
def duckdb_build(sample_landing, tmp_path_factory) -> BuiltWarehouse:
    settings = Settings(landing=sample_landing, warehouse=tmp_path_factory.mktemp("duck") / "warehouse.duckdb")
    with dg.DagsterInstance.ephemeral() as instance:
        return BuiltWarehouse(settings, run_pipeline(settings, instance=instance))


@pytest.fixture(scope="session")
def postgres_build(sample_landing, tmp_path_factory, postgres_server) -> BuiltWarehouse:
    postgres_server.create_database("continuum_test")
    from ingestion.postgres_mirror import PostgresTarget

    target = PostgresTarget("127.0.0.1", postgres_server.port, postgres_server.user, "", "continuum_test")
    settings = Settings(landing=sample_landing, warehouse=tmp_path_factory.mktemp("pgstore") / "ingest.duckdb",
                        target="postgres", postgres=target)
    with dg.DagsterInstance.ephemeral() as instance:
        return BuiltWarehouse(settings, run_pipeline(settings, instance=instance))
