"""Dagster resources: where the landing folder and the warehouse are."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from ingestion.landing import LandingScan, scan_landing
from ingestion.postgres_mirror import PostgresTarget
from ingestion.warehouse import Warehouse
from orchestration.settings import DEFAULT_DUCKDB_MEMORY_LIMIT

# The last run's listing of the landing folder, by (folder, run id): one entry is enough, a process
# runs one pipeline run at a time.
_RUN_SCAN: dict[tuple[Path, str], LandingScan] = {}


class LandingFolder(dg.ConfigurableResource):
    """The folder districts drop their extracts into (sis/, assessments/, surveys/, improvement/)."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path).resolve()

    def scan(self, run_id: str) -> LandingScan:
        """The folder as the run first listed it. Every raw-table step of a run in one process (as
        `continuum run` executes) loads from the same listing, so a file that lands mid-run waits for
        the next run for every table alike (the sensor sees it then); and the folder is walked once,
        not once per raw table (0.7 s of a 100k-student incremental run)."""
        key = (self.root, run_id)
        if key not in _RUN_SCAN:
            _RUN_SCAN.clear()
            _RUN_SCAN[key] = scan_landing(self.root)
        return _RUN_SCAN[key]


class DuckDBWarehouse(dg.ConfigurableResource):
    """The DuckDB warehouse file. Connections are opened per step and closed, never held."""

    path: str
    quarantine_warn_rate: float = 0.05
    memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT  # for dbt's DuckDB (CONTINUUM_DUCKDB_MEMORY_LIMIT)

    def warehouse(self) -> Warehouse:
        return Warehouse(Path(self.path))


class PublishedFile(dg.ConfigurableResource):
    """The DuckDB file BI tools read (CONTINUUM_PUBLISHED, default marts.duckdb beside the warehouse)."""

    path: str


class DashboardsFolder(dg.ConfigurableResource):
    """Where the dashboards are built: the site in site/, Evidence's working copy in project/
    (CONTINUUM_DASHBOARDS_DIR, default dashboards/ beside the warehouse)."""

    path: str


class PostgresWarehouse(dg.ConfigurableResource):
    """The PostgreSQL warehouse, when CONTINUUM_TARGET=postgres: raw tables are mirrored into it."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    database: str = "continuum"

    def target(self) -> PostgresTarget:
        return PostgresTarget(self.host, self.port, self.user, self.password, self.database)
