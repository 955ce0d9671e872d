from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ingestion.warehouse import Warehouse

if TYPE_CHECKING:  # imported lazily in the fixtures, so collecting the tests stays fast
    from orchestration.run import RunOutcome
    from orchestration.settings import Settings

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
# Pipeline runs in tests skip the Evidence build (minutes) unless they ask for it, as duckdb_build does.
os.environ.setdefault("CONTINUUM_DASHBOARDS", "0")

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_SAMPLES = PROJECT_ROOT.parent / "shared" / "samples"


def dbt_env(settings: Settings, work: Path) -> dict[str, str]:
    """Environment for running scripts/dbt.sh by hand against a built warehouse on its target."""
    env = {**os.environ, "CONTINUUM_TARGET": settings.target, "CONTINUUM_WAREHOUSE": str(settings.warehouse),
           "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs")}
    if settings.postgres is not None:
        pg = settings.postgres
        env.update(CONTINUUM_PG_HOST=pg.host, CONTINUUM_PG_PORT=str(pg.port), CONTINUUM_PG_USER=pg.user,
                   CONTINUUM_PG_PASSWORD=pg.password, CONTINUUM_PG_DATABASE=pg.database)
    return env


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    path.mkdir()
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse.duckdb")


@pytest.fixture
def shared_samples() -> Path:
    """The public sample extracts in shared/ (tests may read them; the project never needs them)."""
    if not SHARED_SAMPLES.is_dir():
        pytest.skip("shared/samples is not beside the repository")
    return SHARED_SAMPLES


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A real PostgreSQL server on a free loopback port for the whole session, stopped afterwards."""
    from orchestration.postgres_server import PostgresServer, free_port

    directory = Path("/tmp") / f"continuum-pg-{os.getpid()}"  # short: the socket path has a length limit
    server = PostgresServer(directory, free_port())
    try:
        server.start()
    except RuntimeError as error:
        pytest.fail(f"could not start PostgreSQL ({error}); `make test` installs it via scripts/ensure_postgres.sh")
    yield server
    server.stop()
    import shutil

    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def sample_landing(tmp_path_factory) -> Path:
    """A small sample district shared by the warehouse tests (deterministic, seconds to make)."""
    from sample_district import generate

    out = tmp_path_factory.mktemp("sample") / "landing"
    generate(out, students=400, schools=4, years=2, seed=7)
    return out


# The warehouse built once per session on each target, by a real Dagster run of the main job
# (shared by tests/warehouse and tests/bi).
@dataclasses.dataclass
class BuiltWarehouse:
    settings: Settings
    outcome: RunOutcome


@pytest.fixture(scope="session")
def duckdb_build(sample_landing, tmp_path_factory) -> BuiltWarehouse:
    import dagster as dg

    from orchestration.run import run_pipeline
    from orchestration.settings import Settings

    # The whole main job, the Evidence dashboards included (tests/bi checks them in Chromium).
    settings = Settings(landing=sample_landing, warehouse=tmp_path_factory.mktemp("duck") / "warehouse.duckdb",
                        dashboards=True)
    with dg.DagsterInstance.ephemeral() as instance:
        return BuiltWarehouse(settings, run_pipeline(settings, instance=instance))


@pytest.fixture(scope="session")
def postgres_build(sample_landing, tmp_path_factory, postgres_server) -> BuiltWarehouse:
    import dagster as dg

    from ingestion.postgres_mirror import PostgresTarget
    from orchestration.run import run_pipeline
    from orchestration.settings import Settings

    postgres_server.create_database("continuum_test")
    target = PostgresTarget("127.0.0.1", postgres_server.port, postgres_server.user, "", "continuum_test")
    settings = Settings(landing=sample_landing, warehouse=tmp_path_factory.mktemp("pgstore") / "ingest.duckdb",
                        target="postgres", postgres=target)
    with dg.DagsterInstance.ephemeral() as instance:
        return BuiltWarehouse(settings, run_pipeline(settings, instance=instance))
