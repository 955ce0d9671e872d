from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingestion.warehouse import Warehouse

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_SAMPLES = PROJECT_ROOT.parent / "shared" / "samples"


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
