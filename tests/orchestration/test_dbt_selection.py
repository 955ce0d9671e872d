"""Which nodes a pipeline run's dbt build leaves as they are (orchestration/dbt_selection.py)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
from pathlib import Path

from dbt.graph.selector_methods import QualifiedNameSelectorMethod

from ingestion.warehouse import Warehouse
from orchestration.dbt_project import DBT_EXECUTABLE, databaseless_dbt_environment, ensure_manifest
from orchestration.dbt_selection import (PARTIAL_BUILD_THREADS, Selection, exclusion_selectors, record_build,
                                         select_nodes)
from orchestration.settings import PROJECT_ROOT


def _node(name: str, kind: str = "model", depends_on: tuple[str, ...] = (), folder: tuple[str, ...] = ()) -> dict:
    return {"resource_type": kind, "name": name, "fqn": ["continuum", *folder, name], "checksum": {"checksum": name},
            "config": {}, "depends_on": {"nodes": list(depends_on)}}


def _left_out(manifest: dict, selection: Selection) -> set[str]:
    """The names of the nodes a build leaves out: those dbt's own fqn matching finds for the exclude
    selectors and the tests an excluded node takes along (dbt.graph.selector.expand_selection): with
    indirect selection "cautious" the tests whose parents are all left out, with none ("eager") those
    with any parent left out, with "empty" none. test_a_real_dbt_lists_what_the_selection_keeps
    checks the same with dbt itself."""
    method = QualifiedNameSelectorMethod.__new__(QualifiedNameSelectorMethod)
    matched = {uid for uid, node in manifest["nodes"].items() for selector in selection.exclude
               if method.node_is_match(selector.removeprefix("fqn:"), node["fqn"], False)}
    takes_along = {"cautious": lambda parents: parents <= matched, None: lambda parents: bool(parents & matched),
                   "empty": lambda parents: False}[selection.indirect_selection]
    matched |= {uid for uid, node in manifest["nodes"].items() if node["resource_type"] == "test"
                and takes_along(set(node["depends_on"]["nodes"]))}
    return {manifest["nodes"][uid]["name"] for uid in matched}


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
    """After a change of macros or vars, incremental models whole too (--full-refresh): their own
    fingerprints do not cover them."""
    warehouse = _warehouse(tmp_path)
    first = select_nodes(MANIFEST, "duckdb", warehouse)
    assert first.exclude == [] and "--full-refresh" not in first.dbt_arguments()
    assert "--threads" not in first.dbt_arguments()  # a full build keeps the profile's one thread
    record_build(MANIFEST, "duckdb", warehouse, dt.datetime.now(dt.timezone.utc))
    changed = copy.deepcopy(MANIFEST)
    changed["macros"]["macro.continuum.student_key"]["macro_sql"] = "sha256(x)"
    for selection in (select_nodes(changed, "duckdb", warehouse), select_nodes(MANIFEST, "postgres", warehouse)):
        assert selection.exclude == [] and "--full-refresh" in selection.dbt_arguments()
    _deliver(warehouse, "attendance")
    assert "--full-refresh" not in select_nodes(MANIFEST, "duckdb", warehouse).dbt_arguments()


def test_only_what_new_deliveries_or_changed_code_reach_is_built(tmp_path):
    warehouse = _warehouse(tmp_path)
    record_build(MANIFEST, "duckdb", warehouse, dt.datetime.now(dt.timezone.utc))
    assert select_nodes(MANIFEST, "duckdb", warehouse).nothing_to_build
    everything = {"stg_attendance", "fct_attendance", "unique_fct_attendance", "fct_results", "xwalk"}
    _deliver(warehouse, "attendance")
    partial = select_nodes(MANIFEST, "duckdb", warehouse)
    assert _left_out(MANIFEST, partial) == {"fct_results", "xwalk"}
    assert partial.dbt_arguments()[-2:] == ["--threads", str(PARTIAL_BUILD_THREADS)]
    changed = copy.deepcopy(MANIFEST)
    changed["nodes"]["model.continuum.fct_results"]["checksum"] = {"checksum": "edited"}
    assert _left_out(changed, select_nodes(changed, "duckdb", warehouse)) == {"xwalk"}
    record_build(changed, "duckdb", warehouse, dt.datetime.now(dt.timezone.utc))
    assert select_nodes(changed, "duckdb", warehouse).nothing_to_build
    # A contract changed in YAML only (a column's type or constraint): the model's SQL is the same.
    constrained = copy.deepcopy(changed)
    constrained["nodes"]["model.continuum.fct_results"]["contract"] = {"enforced": True, "checksum": "not_null added"}
    assert _left_out(constrained, select_nodes(constrained, "duckdb", warehouse)) == {
        "stg_attendance", "fct_attendance", "unique_fct_attendance", "xwalk"}
    # A test whose own code changed, on a model nothing else changed: named one by one instead.
    changed["nodes"]["test.continuum.unique_fct_attendance"]["checksum"] = {"checksum": "edited"}
    selection = select_nodes(changed, "duckdb", warehouse)
    assert selection.indirect_selection == "empty"
    assert _left_out(changed, selection) == everything - {"unique_fct_attendance"}


def test_macros_a_compiled_manifest_adds_to_a_test_change_nothing(tmp_path):
    """`dbt build` or `dbt test` run by hand leaves in target/ a manifest whose tests list the macros
    they called while compiling; the pipeline's next run must not take every test for changed."""
    warehouse = _warehouse(tmp_path)
    parsed = copy.deepcopy(MANIFEST)
    parsed["nodes"]["test.continuum.unique_fct_attendance"]["depends_on"]["macros"] = ["macro.dbt.test_unique"]
    record_build(parsed, "duckdb", warehouse, dt.datetime.now(dt.timezone.utc))
    compiled = copy.deepcopy(parsed)
    compiled["nodes"]["test.continuum.unique_fct_attendance"]["depends_on"]["macros"] += [
        "macro.dbt.get_limit_subquery_sql", "macro.dbt.should_store_failures", "macro.dbt.statement"]
    assert select_nodes(compiled, "duckdb", warehouse).nothing_to_build
    compiled["nodes"]["test.continuum.unique_fct_attendance"]["depends_on"]["nodes"].append("seed.continuum.xwalk")
    assert not select_nodes(compiled, "duckdb", warehouse).nothing_to_build


def test_a_folder_left_out_whole_is_one_selector():
    nodes = {f"model.continuum.{name}": _node(name, folder=folder) for name, folder in [
        ("fct_attendance", ("marts", "sis")), ("dim_school", ("marts", "sis")),
        ("fct_results", ("marts", "assessments")), ("dim_assessment", ("marts", "assessments")),
        ("stg_results", ("staging", "assessments")), ("stg_attendance", ("staging", "sis")),
        # a model named like a folder beside it: no selector can leave it out without the folder
        ("sis", ("marts",))]}
    nodes["test.continuum.unique_fct_results"] = _node("unique_fct_results", "test",
                                                        folder=("models", "marts", "assessments"))
    manifest = {"nodes": nodes}
    kept = {"model.continuum.fct_attendance", "model.continuum.stg_attendance"}
    selectors = exclusion_selectors(manifest, kept, set(nodes) - kept)
    assert _left_out(manifest, Selection(selectors)) == {"dim_school", "fct_results", "dim_assessment", "stg_results",
                                                         "unique_fct_results"}
    assert len(selectors) == 4  # marts.sis.dim_school, marts.assessments, staging.assessments, models


def _tests_dbt_lists(selection: Selection, target_path: Path) -> set[str]:
    listed = subprocess.run([str(DBT_EXECUTABLE), "ls", "--quiet", "--resource-type", "test", "--output", "name",
                             "--target-path", str(target_path), *selection.selection_arguments()],
                            cwd=PROJECT_ROOT, env=databaseless_dbt_environment(), capture_output=True, text=True,
                            check=True)
    return set(listed.stdout.split())


def test_a_real_dbt_lists_what_the_selection_keeps(tmp_path):
    """On the project itself, dbt keeps exactly the data tests downstream of a delivery: those of the
    rebuilt models, their relationships to unchanged ones included, and a test whose own code changed."""
    manifest = json.loads(ensure_manifest().read_text())
    warehouse = _warehouse(tmp_path)
    record_build(manifest, "duckdb", warehouse, dt.datetime.now(dt.timezone.utc))
    _deliver(warehouse, "sis_daily_attendance")
    downstream, queue = set(), ["source.continuum.raw.sis_daily_attendance"]
    while queue:
        for child in manifest["child_map"][queue.pop()]:
            if child not in downstream:
                downstream.add(child)
                queue.append(child)
    tests = {uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] == "test"}
    expected = {tests[uid]["name"] for uid in downstream & set(tests)}
    assert "relationships_fct_daily_attendance_school_id__school_id__ref_dim_school_" in expected
    selection = select_nodes(manifest, "duckdb", warehouse)
    assert selection.indirect_selection == "cautious"
    assert _tests_dbt_lists(selection, tmp_path / "target") == expected

    lone = next(uid for uid, node in tests.items() if uid not in downstream and node["name"].startswith("unique_dim_school"))
    edited = copy.deepcopy(manifest)
    edited["nodes"][lone]["checksum"] = {"name": "sha256", "checksum": "edited"}
    selection = select_nodes(edited, "duckdb", warehouse)
    assert selection.indirect_selection == "empty"
    assert _tests_dbt_lists(selection, tmp_path / "target") == expected | {tests[lone]["name"]}
