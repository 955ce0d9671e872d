"""Everything Dagster knows about Continuum, assembled in one place."""

from __future__ import annotations

import dagster as dg

from bi.dashboards import npm_executable
from orchestration.assets.dashboards import dashboards
from orchestration.assets.dbt_models import warehouse_models
from orchestration.assets.published_marts import published_marts
from orchestration.assets.raw_tables import RAW_TABLE_ASSETS
from orchestration.dbt_project import DBT_EXECUTABLE, DBT_PROJECT, DbtCli
from orchestration.jobs import nightly_refresh, refresh_job
from orchestration.resources import DashboardsFolder, DuckDBWarehouse, LandingFolder, PostgresWarehouse, PublishedFile
from orchestration.sensors import landing_folder_sensor
from orchestration.settings import Settings


def _postgres_resource(settings: Settings) -> PostgresWarehouse:
    if settings.target != "postgres" or settings.postgres is None:
        return PostgresWarehouse(enabled=False)
    pg = settings.postgres
    return PostgresWarehouse(enabled=True, host=pg.host, port=pg.port, user=pg.user, password=pg.password,
                             database=pg.database)


def dashboards_enabled(settings: Settings) -> bool:
    """The Evidence dashboards are built on the DuckDB target when wanted and npm is installed."""
    return settings.target == "duckdb" and settings.dashboards and npm_executable() is not None


def build_definitions(settings: Settings) -> dg.Definitions:
    # BI reads a published DuckDB file on the DuckDB target; on PostgreSQL the boundary is the
    # bi_reader role (dbt hooks), so there is no file to publish.
    bi_assets = [published_marts] if settings.target == "duckdb" else []
    if bi_assets and dashboards_enabled(settings):
        bi_assets.append(dashboards)
    return dg.Definitions(
        assets=[*RAW_TABLE_ASSETS, warehouse_models, *bi_assets],
        jobs=[refresh_job],
        schedules=[nightly_refresh],
        sensors=[landing_folder_sensor],
        resources={
            "landing": LandingFolder(path=str(settings.landing)),
            "warehouse": DuckDBWarehouse(path=str(settings.warehouse),
                                         quarantine_warn_rate=settings.quarantine_warn_rate,
                                         memory_limit=settings.duckdb_memory_limit),
            "postgres": _postgres_resource(settings),
            "published_file": PublishedFile(path=str(settings.published_file)),
            "dashboards_folder": DashboardsFolder(path=str(settings.dashboards_dir)),
            "dbt": DbtCli(project_dir=DBT_PROJECT, dbt_executable=str(DBT_EXECUTABLE)),
        },
        executor=dg.in_process_executor,
    )


defs = build_definitions(Settings.from_env())
