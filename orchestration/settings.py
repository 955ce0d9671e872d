"""Continuum's settings, read from the environment with documented defaults.

One variable feeds every consumer: CONTINUUM_WAREHOUSE is the DuckDB file the Dagster resource
writes and the dbt profile reads; CONTINUUM_LANDING the folder the assets and the sensor watch.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LANDING = PROJECT_ROOT / "data" / "landing"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse.duckdb"
DEFAULT_QUARANTINE_WARN_RATE = 0.05


@dataclass(frozen=True)
class Settings:
    landing: Path = DEFAULT_LANDING
    warehouse: Path = DEFAULT_WAREHOUSE
    quarantine_warn_rate: float = DEFAULT_QUARANTINE_WARN_RATE

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            landing=Path(os.environ.get("CONTINUUM_LANDING", DEFAULT_LANDING)).resolve(),
            warehouse=Path(os.environ.get("CONTINUUM_WAREHOUSE", DEFAULT_WAREHOUSE)).resolve(),
            quarantine_warn_rate=float(os.environ.get("CONTINUUM_QUARANTINE_WARN_RATE", DEFAULT_QUARANTINE_WARN_RATE)),
        )
