"""The dbt project as Dagster assets: every seed and model one asset, every dbt test an asset check.

dbt sources map to the raw/<table> assets, so the UI shows one lineage graph from landing files
to marts. Keys are <schema>/<name> (staging/stg_sis__users, marts/dim_student) and groups follow
the layer, so the graph reads left to right: raw -> staging -> intermediate -> marts.
"""

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from orchestration.dbt_project import DBT_PROJECT, ensure_manifest
from orchestration.dbt_selection import Selection, record_build, select_nodes
from orchestration.resources import DuckDBWarehouse, PostgresWarehouse
from orchestration.settings import PROJECT_ROOT


class ContinuumTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]


TRANSLATOR = ContinuumTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def dbt_environment(warehouse: DuckDBWarehouse, postgres: PostgresWarehouse) -> dict[str, str]:
    """The dbt process's settings: the variables profiles.yml reads (the same settings the Dagster
    resources hold) and the level of dbt.log."""
    env = {"CONTINUUM_WAREHOUSE": str(warehouse.warehouse().path), "CONTINUUM_TARGET": "duckdb",
           "CONTINUUM_DUCKDB_MEMORY_LIMIT": warehouse.memory_limit,
           # dbt writes dbt.log at debug level by default: every query and connection event, about
           # 10 MB and 2 s of a 20 s incremental build. The SQL is in compiled/ and run/ all the same;
           # DBT_LOG_LEVEL_FILE=debug in the environment brings the full log back.
           "DBT_LOG_LEVEL_FILE": os.environ.get("DBT_LOG_LEVEL_FILE", "info")}
    if postgres.enabled:
        env.update(CONTINUUM_TARGET="postgres", CONTINUUM_PG_HOST=postgres.host, CONTINUUM_PG_PORT=str(postgres.port),
                   CONTINUUM_PG_USER=postgres.user, CONTINUUM_PG_PASSWORD=postgres.password,
                   CONTINUUM_PG_DATABASE=postgres.database)
    return env


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    # dagster-dbt hands os.environ to the dbt process; the run is in-process and sequential.
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


OUT_OF_MEMORY_HINT = ("DuckDB needed more than the {limit} the dbt build may use (it spills to disk, but some steps "
                      "cannot): set CONTINUUM_DUCKDB_MEMORY_LIMIT higher (the default 2GB builds a million students x "
                      "1 year) and run again; what was built before is kept.")


def dbt_target_path(warehouse: Path, target: str) -> Path:
    """dbt's artifacts for one warehouse, target and checkout, kept from run to run (dagster-dbt
    would make a folder a run): dbt reuses its last parse, which holds for the same profile only,
    and run_results.json and the compiled SQL of the last run are where a dbt user looks for them."""
    checkout = hashlib.md5(str(PROJECT_ROOT).encode()).hexdigest()[:8]
    return Path(f"{warehouse}.dbt") / f"{target}-{checkout}"


@dbt_assets(manifest=ensure_manifest(), project=DBT_PROJECT, dagster_dbt_translator=TRANSLATOR,
            name="warehouse_models")
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: DuckDBWarehouse,
                     postgres: PostgresWarehouse) -> Iterator[Any]:
    env = dbt_environment(warehouse, postgres)
    manifest = json.loads(DBT_PROJECT.manifest_path.read_text())
    started_at = dt.datetime.now(dt.timezone.utc)
    # A run of some of the models (picked in the UI) builds what was picked and records nothing.
    whole = set(context.selected_asset_keys) == set(context.assets_def.keys)
    selection = select_nodes(manifest, env["CONTINUUM_TARGET"], warehouse.warehouse()) if whole else Selection()
    if whole:
        context.log.info(f"dbt build: {selection.reason}")
    if selection.nothing_to_build:
        return
    with environment({**env, **selection.dbt_environment()}):
        try:
            yield from dbt.cli(["build", *selection.dbt_arguments()], context=context,
                               target_path=dbt_target_path(warehouse.warehouse().path, env["CONTINUUM_TARGET"])).stream()
        except DagsterDbtCliRuntimeError as error:
            if "Out of Memory Error" not in str(error):
                raise
            raise dg.Failure(description=f"{error}\n\n{OUT_OF_MEMORY_HINT.format(limit=warehouse.memory_limit)}") from None
    if whole:
        record_build(manifest, env["CONTINUUM_TARGET"], warehouse.warehouse(), started_at)
