"""Which nodes a pipeline run's dbt build leaves as they are (orchestration/dbt_selection.py)."""

from __future__ import annotations

import copy
import datetime as dt

from ingestion.warehouse import Warehouse
from orchestration.dbt_selection import record_build, select_nodes


def _node(name: str, kind: str = "model", depends_on: tuple[str, ...] = ()) -> dict:
    return {"resource_type": kind, "name": name, "fqn": ["continuum", name], "checksum": {"checksum": name},
            "config": {}, "depends_on": {"nodes": list(depends_on)}}


MANIFEST = {
    "macros": {"macro.continuum.student_key": {"macro_sql": "md5(x)"}},
    "sources": {"source.continuum.raw.attendance": {"name": "attendance"},
                "source.continuum.raw.results": {"name": "results"}},
    "nodes": {"model.continuum.stg_attendance": _node("stg_attendance", depends_on=("source.continuum.raw.attendance",)),
              "model.continuum.fct_attendance": _node("fct_attendance", depends_on=("model.continuum.stg_attendance",)),
              "test.continuum.unique_fct_attendance": _node("unique_fct_attendance", "test",
                                                             ("model.continuum.fct_attendance",)),
              "model.continuum.fct_results": _node("fct_results", depends_on=("source.continuum.raw.results",)),
              "seed.continuum.xwalk": _node("xwalk", "seed")},
    "child_map": {"source.continuum.raw.attendance": ["model.continuum.stg_attendance"],
                  "source.continuum.raw.results": ["model.continuum.fct_results"],
                  "model.continuum.stg_attendance": ["model.continuum.fct_attendance"],
                  "model.continuum.fct_attendance": ["test.continuum.unique_fct_attendance"]},
}


def _warehouse(tmp_path) -> Warehouse:
    warehouse = Warehouse(tmp_path / "warehouse.duckdb")
    warehouse.prepare([])
    return warehouse


def _deliver(warehouse: Warehouse, table: str) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    warehouse.log_outcome(table, f"{table}.csv", "hash", 10, "loaded", "", now, None)


def test_first_build_and_changed_macros_build_everything(tmp_path):
    warehouse = _warehouse(tmp_path)
    assert select_nodes(MANIFEST, "duckdb", warehouse).exclude == []
    record_build(MANIFEST, "duckdb", warehouse, dt.datetime.now(dt.timezone.utc))
    changed = copy.deepcopy(MANIFEST)
    changed["macros"]["macro.continuum.student_key"]["macro_sql"] = "sha256(x)"
    assert select_nodes(changed, "duckdb", warehouse).exclude == []
    assert select_nodes(MANIFEST, "postgres", warehouse).exclude == []


def test_only_what_new_deliveries_or_changed_code_reach_is_built(tmp_path):
    warehouse = _warehouse(tmp_path)
    record_build(MANIFEST, "duckdb", warehouse, dt.datetime.now(dt.timezone.utc))
    everything = {"fqn:continuum.stg_attendance", "fqn:continuum.fct_attendance", "fqn:continuum.unique_fct_attendance",
                  "fqn:continuum.fct_results", "fqn:continuum.xwalk"}
    assert set(select_nodes(MANIFEST, "duckdb", warehouse).exclude) == everything
    _deliver(warehouse, "attendance")
    assert set(select_nodes(MANIFEST, "duckdb", warehouse).exclude) == {"fqn:continuum.fct_results",
                                                                      "fqn:continuum.xwalk"}
    changed = copy.deepcopy(MANIFEST)
    changed["nodes"]["model.continuum.fct_results"]["checksum"] = {"checksum": "edited"}
    assert set(select_nodes(changed, "duckdb", warehouse).exclude) == {"fqn:continuum.xwalk"}
    record_build(changed, "duckdb", warehouse, dt.datetime.now(dt.timezone.utc))
    assert set(select_nodes(changed, "duckdb", warehouse).exclude) == everything
