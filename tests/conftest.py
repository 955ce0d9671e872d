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
