"""Benchmark stages that run inside one process, each started by bench/pipeline_bench.py as its own
subprocess (so its peak memory is its own) and reporting one JSON line on stdout:

    python -m bench.stages floor LANDING DATABASE
    python -m bench.stages read-validate LANDING GROUP {polars,pandas}
    python -m bench.stages publish WAREHOUSE PUBLISHED
    python -m bench.stages run LANDING WAREHOUSE [--ingest-only]

`run` is `continuum run` (orchestration.run.run_pipeline, in-process, on an ephemeral Dagster
instance) that also reports how long each Dagster step took: ingestion (the raw/* assets), the dbt
build and publishing, as parts of one whole run.

`seconds` is timed inside the process, around the work only (not interpreter start-up or imports).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingestion.contract import Reference, SourceTable
from ingestion.landing import Delivery, LandingScan, scan_landing
from ingestion.registry import SOURCE_TABLES, TABLES_BY_NAME

ATTENDANCE = "sis_daily_attendance"
# Source families as the issue names them; attendance is most of the rows, so it is its own group.
GROUPS: dict[str, tuple[str, ...]] = {
    "SIS rosters": tuple(t.name for t in SOURCE_TABLES if t.family == "sis" and t.name != ATTENDANCE),
    "attendance": (ATTENDANCE,),
    "assessments": tuple(t.name for t in SOURCE_TABLES if t.family == "assessments"),
    "surveys": tuple(t.name for t in SOURCE_TABLES if t.family == "surveys"),
    "improvement logs": tuple(t.name for t in SOURCE_TABLES if t.family == "improvement"),
}


def landing_files(scan: LandingScan) -> list[Delivery]:
    """Every delivered file the pipeline ingests, in registry order."""
    return [delivery for table in SOURCE_TABLES for delivery in scan.for_table(table.name)]


def floor(landing: Path, database: Path) -> dict[str, Any]:
    """DuckDB loading every landing file once into a fresh database: no validation, no modelling.

    Columns are read as text (`all_varchar`), as ingestion reads them: type sniffing on a sample
    fails on real files (a column of numbers whose later rows hold letters).
    """
    import duckdb

    database.unlink(missing_ok=True)
    files = landing_files(scan_landing(landing))
    if any(delivery.member for delivery in files):
        raise SystemExit("the floor reads plain CSV files; this landing folder has zipped bundles")
    started = time.perf_counter()
    rows = 0
    with duckdb.connect(str(database)) as con:
        for number, delivery in enumerate(files):
            path = str(delivery.path).replace("'", "''")
            con.execute(f"create table file_{number} as select * from read_csv('{path}', all_varchar = true)")
            rows += con.execute(f"select count(*) from file_{number}").fetchone()[0]
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": rows, "files": len(files),
            "bytes": sum(delivery.size() for delivery in files)}


class PolarsEngine:
    """Continuum's own reading and validation (ingestion/reading.py, ingestion/validation.py)."""

    def read_and_validate(self, table: SourceTable, delivery: Delivery, known: dict) -> tuple[Any, int, int]:
        from ingestion.reading import read_delivery
        from ingestion.validation import validate

        result = validate(table, read_delivery(table, delivery), known)
        return result.loaded, result.rows_read, result.quarantined.height

    def keys(self, frames: list[Any], columns: tuple[str, ...]) -> Any:
        import polars as pl

        values = [frame.get_column(column) for frame in frames for column in columns]
        return pl.concat(values).drop_nulls().unique().rename("key") if values else pl.Series("key", [], pl.Utf8)


class PandasEngine:
    """pandas + pandera's pandas backend (bench/pandas_reference.py)."""

    def read_and_validate(self, table: SourceTable, delivery: Delivery, known: dict) -> tuple[Any, int, int]:
        from bench.pandas_reference import read_and_validate

        result = read_and_validate(table, delivery, known)
        return result.loaded, result.rows_read, result.rows_quarantined

    def keys(self, frames: list[Any], columns: tuple[str, ...]) -> Any:
        import pandas as pd

        values = [frame[column] for frame in frames for column in columns]
        return pd.concat(values).dropna().unique() if values else pd.array([], dtype="str")


ENGINES: dict[str, Callable[[], PolarsEngine | PandasEngine]] = {"polars": PolarsEngine, "pandas": PandasEngine}


def _referenced_columns() -> dict[str, set[str]]:
    """Parent table -> the columns other tables' references look up in it."""
    needed: dict[str, set[str]] = {}
    for table in SOURCE_TABLES:
        for reference in table.references:
            needed.setdefault(reference.parent_table, set()).update(reference.parent_columns)
    return needed


def read_validate(landing: Path, group: str, engine_name: str) -> dict[str, Any]:
    """Read and validate every file of a group's tables, as ingestion does, without writing them.

    References are checked against the parents' validated rows, as the warehouse's known keys are.
    Parent tables outside the group are read first (untimed, without reference checks of their own).
    """
    engine = ENGINES[engine_name]()
    scan = scan_landing(landing)
    tables = [TABLES_BY_NAME[name] for name in GROUPS[group]]
    needed = _referenced_columns()
    kept: dict[str, list[Any]] = {}

    def process(table: SourceTable, check_references: bool) -> tuple[int, int, int]:
        known: dict[Reference, Any] = {}
        if check_references:
            known = {ref: engine.keys(kept.get(ref.parent_table, []), ref.parent_columns) for ref in table.references}
        rows = quarantined = files = 0
        for delivery in scan.for_table(table.name):
            loaded, read, bad = engine.read_and_validate(table, delivery, known)
            rows, quarantined, files = rows + read, quarantined + bad, files + 1
            if table.name in needed:
                kept.setdefault(table.name, []).append(loaded[sorted(needed[table.name])])
        return rows, quarantined, files

    outside = {ref.parent_table for table in tables for ref in table.references} - set(GROUPS[group])
    for table in SOURCE_TABLES:
        if table.name in outside:
            process(table, check_references=False)
    started = time.perf_counter()
    per_table = {}
    for table in tables:
        table_started = time.perf_counter()
        rows, quarantined, files = process(table, check_references=True)
        per_table[table.name] = {"rows": rows, "quarantined": quarantined, "files": files,
                                 "seconds": time.perf_counter() - table_started}
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": sum(t["rows"] for t in per_table.values()),
            "quarantined": sum(t["quarantined"] for t in per_table.values()),
            "files": sum(t["files"] for t in per_table.values()), "tables": per_table}


def publish(warehouse: Path, published: Path) -> dict[str, Any]:
    from bi.publish import publish_marts
    from orchestration.assets.published_marts import published_mart_names

    marts = published_mart_names()
    started = time.perf_counter()
    publication = publish_marts(warehouse, published, marts)
    return {"seconds": time.perf_counter() - started, "rows": sum(publication.rows_by_table.values()),
            "tables": len(publication.rows_by_table)}


def run(landing: Path, warehouse: Path, ingest_only: bool) -> dict[str, Any]:
    import dataclasses

    import dagster as dg

    from orchestration.run import run_pipeline
    from orchestration.settings import Settings

    # The Evidence dashboards are left out: their build (about 100 s, most of it vite bundling the pages)
    # hardly depends on the district's size and would blur the figures this benchmark compares.
    settings = dataclasses.replace(Settings.from_env(), landing=landing.resolve(), warehouse=warehouse.resolve(),
                                   target="duckdb", postgres=None, published=None, dashboards=False)
    instance = dg.DagsterInstance.ephemeral()
    started = time.perf_counter()
    outcome = run_pipeline(settings, ingest_only=ingest_only, instance=instance)
    seconds = time.perf_counter() - started
    if not outcome.succeeded:
        raise SystemExit(outcome.summary())
    steps = {stats.step_key: stats.end_time - stats.start_time
             for stats in instance.get_run_step_stats(outcome.run_id) if stats.start_time and stats.end_time}
    parts = {"ingestion": 0.0, "dbt build": 0.0, "publish": 0.0}
    for step, step_seconds in steps.items():
        part = "publish" if step.startswith("published") else "ingestion" if step.startswith("raw") else "dbt build"
        parts[part] += step_seconds
    return {"seconds": seconds, "parts": parts, "steps": steps,
            "rows_loaded": sum(loaded for loaded, _, _ in outcome.loaded.values())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="stage", required=True)
    floor_parser = commands.add_parser("floor")
    floor_parser.add_argument("landing", type=Path)
    floor_parser.add_argument("database", type=Path)
    rv_parser = commands.add_parser("read-validate")
    rv_parser.add_argument("landing", type=Path)
    rv_parser.add_argument("group", choices=list(GROUPS))
    rv_parser.add_argument("engine", choices=list(ENGINES))
    publish_parser = commands.add_parser("publish")
    publish_parser.add_argument("warehouse", type=Path)
    publish_parser.add_argument("published", type=Path)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("landing", type=Path)
    run_parser.add_argument("warehouse", type=Path)
    run_parser.add_argument("--ingest-only", action="store_true")
    args = parser.parse_args(argv)
    if args.stage == "run":
        result = run(args.landing, args.warehouse, args.ingest_only)
    elif args.stage == "floor":
        result = floor(args.landing, args.database)
    elif args.stage == "read-validate":
        result = read_validate(args.landing, args.group, args.engine)
    else:
        result = publish(args.warehouse, args.published)
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
