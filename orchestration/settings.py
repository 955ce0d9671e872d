"""Continuum's settings, read from the environment with documented defaults.

One variable feeds every consumer: CONTINUUM_WAREHOUSE is the DuckDB file the Dagster resource
writes and the dbt profile reads; CONTINUUM_LANDING the folder the assets and the sensor watch.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ingestion.postgres_mirror import PostgresTarget

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LANDING = PROJECT_ROOT / "data" / "landing"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse.duckdb"
DEFAULT_QUARANTINE_WARN_RATE = 0.05
# DuckDB's buffer limit for the dbt build (DuckDB's own default is 80% of RAM; beyond the limit it
# spills to <warehouse>.tmp). profiles.yml falls back to the same value when dbt is run by hand.
DEFAULT_DUCKDB_MEMORY_LIMIT = "2GB"
TARGETS = ("duckdb", "postgres")


def postgres_from_env() -> PostgresTarget:
    return PostgresTarget(
        host=os.environ.get("CONTINUUM_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("CONTINUUM_PG_PORT", "5432")),
        user=os.environ.get("CONTINUUM_PG_USER", "postgres"),
        password=os.environ.get("CONTINUUM_PG_PASSWORD", ""),
        database=os.environ.get("CONTINUUM_PG_DATABASE", "continuum"),
    )


@dataclass(frozen=True)
class Settings:
    landing: Path = DEFAULT_LANDING
    # The DuckDB file: the whole warehouse on the duckdb target, the ingest store on postgres.
    warehouse: Path = DEFAULT_WAREHOUSE
    quarantine_warn_rate: float = DEFAULT_QUARANTINE_WARN_RATE
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT
    # CONTINUUM_TARGET picks where dbt builds (and raw is mirrored to): duckdb or postgres.
    target: str = "duckdb"
    postgres: PostgresTarget | None = None
    # The marts file for BI tools (DuckDB target); None = marts.duckdb beside the warehouse.
    published: Path | None = None
    # Build the Evidence dashboards after publishing (DuckDB target, needs npm). On for `continuum run`
    # (from_env: CONTINUUM_DASHBOARDS=0 turns it off); off for code that builds Settings itself.
    dashboards: bool = False
    # Where they are built; None = dashboards/ beside the warehouse (site/ is what to serve).
    dashboards_folder: Path | None = None

    @property
    def published_file(self) -> Path:
        return self.published or self.warehouse.with_name("marts.duckdb")

    @property
    def dashboards_dir(self) -> Path:
        return self.dashboards_folder or self.warehouse.with_name("dashboards")

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"CONTINUUM_TARGET must be one of {', '.join(TARGETS)}, not {self.target!r}")
        if self.target == "postgres" and self.postgres is None:
            raise ValueError("the postgres target needs its connection (CONTINUUM_PG_HOST, _PORT, _USER, "
                             "_PASSWORD, _DATABASE)")

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            landing=Path(os.environ.get("CONTINUUM_LANDING", DEFAULT_LANDING)).resolve(),
            warehouse=Path(os.environ.get("CONTINUUM_WAREHOUSE", DEFAULT_WAREHOUSE)).resolve(),
            quarantine_warn_rate=float(os.environ.get("CONTINUUM_QUARANTINE_WARN_RATE", DEFAULT_QUARANTINE_WARN_RATE)),
            duckdb_memory_limit=os.environ.get("CONTINUUM_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT),
            target=os.environ.get("CONTINUUM_TARGET", "duckdb"),
            postgres=postgres_from_env() if os.environ.get("CONTINUUM_TARGET") == "postgres" else None,
            published=Path(os.environ["CONTINUUM_PUBLISHED"]).resolve() if os.environ.get("CONTINUUM_PUBLISHED") else None,
            dashboards=os.environ.get("CONTINUUM_DASHBOARDS", "1").lower() not in ("0", "false", "no", "off"),
            dashboards_folder=(Path(os.environ["CONTINUUM_DASHBOARDS_DIR"]).resolve()
                               if os.environ.get("CONTINUUM_DASHBOARDS_DIR") else None),
        )
