"""What a pipeline run's dbt build must rebuild: the nodes downstream of raw tables that received
deliveries since the last successful build, or of models, seeds and tests whose code changed.

Every model is a function of its inputs and code only (none reads the clock), so a node upstream
of nothing that changed still holds what a rebuild would give, and is left out of the build. The
first build of a warehouse, and any build after a change of macros, dbt_project.yml (vars, configs),
the target or the student-key salt, builds everything (after such a change, incremental models whole:
`--full-refresh`). The record of the last successful build
(`audit.dbt_builds` in the DuckDB file, on either target) holds each node's code signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ingestion.warehouse import AUDIT_SCHEMA, LOADED_STATUSES, Warehouse
from orchestration.settings import PROJECT_ROOT

BUILT_RESOURCES = ("model", "seed", "test", "snapshot")
# The excluded nodes travel as one command-line argument, which Linux caps at 128 KiB.
MAX_ARGUMENT = 100_000
# dbt runs two nodes at a time in a partial build (profiles.yml keeps the full build at one): most of
# its nodes are data tests taking tens of milliseconds, much of it dbt's own per-node work, which then
# overlaps with DuckDB's. An attendance month at 100k students: 17.5 -> 16.0 s of dbt (medians). A full
# build builds the 90M-row models whole, and two at once would share the memory limit; a partial build
# rebuilds their changed months only (unless every month was delivered again, which was not measured).
PARTIAL_BUILD_THREADS = 2
BUILDS_DDL = f"""
create table if not exists {AUDIT_SCHEMA}.dbt_builds (
    started_at timestamp with time zone not null,
    finished_at timestamp with time zone not null,
    project_fingerprint text not null,
    node_signatures text not null
)
"""


@dataclass(frozen=True)
class Selection:
    exclude: list[str] = field(default_factory=list)  # dbt selectors of the nodes left as they are
    reason: str = "everything"  # for the run log: why this much is built
    # For the data tests of incremental models (macros/incremental_partitions.sql): when the last build
    # whose tests all passed started (UTC), and which models this build rebuilds.
    checked_through: str | None = None
    built_models: list[str] = field(default_factory=list)
    indirect_selection: str | None = None  # dbt's --indirect-selection, when the exclusion relies on it
    nothing_to_build: bool = False  # then dbt is not even started (its start-up and parse take seconds)
    # Incremental models rebuilt whole too: their own fingerprints cover their SQL and seeds, not the
    # macros and vars (district policy in dbt_project.yml) that a changed project fingerprint means.
    full_refresh: bool = False

    def selection_arguments(self) -> list[str]:
        """The nodes dbt builds, as any dbt command that selects takes them (build, ls)."""
        # dbt's unit tests check the SQL, not the data: they run in `make test`
        # (tests/warehouse/test_warehouse_build.py), not in every pipeline run.
        arguments = ["--exclude", " ".join(["resource_type:unit_test", *self.exclude])]
        return arguments + (["--indirect-selection", self.indirect_selection] if self.indirect_selection else [])

    def dbt_arguments(self) -> list[str]:
        arguments = self.selection_arguments()
        arguments += ["--threads", str(PARTIAL_BUILD_THREADS)] if self.exclude else []
        return arguments + (["--full-refresh"] if self.full_refresh else [])

    def dbt_environment(self) -> dict[str, str]:
        """What the test scope macro reads. Environment variables rather than dbt vars: new vars every
        run would make dbt parse the whole project again (5 s) instead of reusing its last parse."""
        return {"CONTINUUM_CHECKED_THROUGH": self.checked_through or "",
                "CONTINUUM_BUILT_MODELS": ",".join(self.built_models)}


def _digest(value: Any) -> str:
    return hashlib.md5(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def project_fingerprint(manifest: Mapping[str, Any], target: str) -> str:
    """Whatever can change many nodes' output at once without changing their own code."""
    macros = {uid: macro["macro_sql"] for uid, macro in manifest["macros"].items()}
    return _digest({"macros": macros, "project": (PROJECT_ROOT / "dbt_project.yml").read_text(), "target": target,
                    "salt": os.environ.get("CONTINUUM_STUDENT_KEY_SALT")})


def node_signatures(manifest: Mapping[str, Any]) -> dict[str, str]:
    # The contract's checksum covers what the YAML alone changes: column types and constraints.
    # Parents only, not the macros a node calls: every macro is in the project fingerprint, and dbt
    # lists more macros for a test once it has compiled it (the manifest a `dbt build` or `dbt test`
    # run by hand leaves in target/), which would make every data test look changed.
    return {uid: _digest([node.get("checksum"), node.get("config"), node["depends_on"].get("nodes"),
                          node.get("contract")])
            for uid, node in manifest["nodes"].items() if node["resource_type"] in BUILT_RESOURCES}


def changed_tables(warehouse: Warehouse, since: dt.datetime) -> set[str]:
    with warehouse.connect() as con:
        rows = con.execute(f"select distinct source_table from {AUDIT_SCHEMA}.ingest_log "
                           f"where status in {LOADED_STATUSES} and finished_at > ?", [since]).fetchall()
    return {table for (table,) in rows}


def exclusion_selectors(manifest: Mapping[str, Any], kept: set[str], left_out: set[str]) -> list[str]:
    """Few `fqn:` selectors that match every node in `left_out` and none in `kept`.

    dbt matches an fqn selector as a prefix, so a folder whose nodes are all left out is one selector.
    Matching costs dbt nodes x selectors three times over in a build (5 s for one selector per node
    when an attendance month leaves out 550 nodes).
    """
    kept_prefixes = {tuple(manifest["nodes"][uid]["fqn"][:end]) for uid in kept
                     for end in range(1, len(manifest["nodes"][uid]["fqn"]) + 1)}
    prefixes = set()
    for uid in left_out:
        fqn = tuple(manifest["nodes"][uid]["fqn"])
        # The shortest prefix no kept node shares; none when a kept node's fqn extends this node's
        # own (a model named like a sibling folder), and then the node is built along.
        shortest = next((fqn[:end] for end in range(1, len(fqn) + 1) if fqn[:end] not in kept_prefixes), None)
        if shortest is not None:
            prefixes.add(shortest)
    return sorted("fqn:" + ".".join(prefix) for prefix in prefixes)


def select_nodes(manifest: Mapping[str, Any], target: str, warehouse: Warehouse) -> Selection:
    with warehouse.connect() as con:
        con.execute(BUILDS_DDL)
        last = con.execute(f"select started_at, project_fingerprint, node_signatures from {AUDIT_SCHEMA}.dbt_builds "
                           "order by finished_at desc limit 1").fetchone()
    if last is None:
        # Incremental models keep their own state (deliveries, code): built as they say.
        return Selection([], "no record of an earlier build of this warehouse: everything")
    started_at, fingerprint, signatures = last
    if fingerprint != project_fingerprint(manifest, target):
        return Selection([], "macros, dbt_project.yml, the target or the salt changed: everything, incremental "
                             "models included (--full-refresh)", full_refresh=True)
    previous = json.loads(signatures)
    current = node_signatures(manifest)
    tables = changed_tables(warehouse, started_at)
    roots = {uid for uid, signature in current.items() if previous.get(uid) != signature}
    roots |= {uid for uid, source in manifest["sources"].items() if source["name"] in tables}
    affected = set(roots)
    queue = list(roots)
    while queue:
        for child in manifest["child_map"].get(queue.pop(), []):
            if child not in affected:
                affected.add(child)
                queue.append(child)
    left = {uid for uid in current if uid not in affected}
    kept = affected & set(current)
    if not kept:
        return Selection(reason="no new deliveries and no changed code since the last build: nothing to build",
                         nothing_to_build=True)
    # dbt leaves out by itself the tests whose parents are all left out (indirect selection "cautious");
    # those are exactly the tests not downstream of a change, unless a test's own code changed. Then
    # every test left out is named, and leaving out a model takes none of its tests along ("empty"):
    # dbt's default ("eager") would also leave out every test with one parent left out, the changed
    # test and the checks of a rebuilt model against an unchanged one among them.
    lone_changed_tests = [uid for uid in kept if manifest["nodes"][uid]["resource_type"] == "test"
                          and not set(manifest["nodes"][uid]["depends_on"]["nodes"]) & kept]
    if lone_changed_tests:
        exclude, indirect_selection = exclusion_selectors(manifest, kept, left), "empty"
    else:
        exclude = exclusion_selectors(manifest, kept, {uid for uid in left
                                                       if manifest["nodes"][uid]["resource_type"] != "test"})
        indirect_selection = "cautious"
    if sum(len(selector) + 1 for selector in exclude) > MAX_ARGUMENT:
        return Selection([], "too many unchanged nodes to name on dbt's command line: everything")
    changed_code = len(roots - set(manifest["sources"]))
    reason = (f"new deliveries for {', '.join(sorted(tables)) or 'no table'} and {changed_code} changed node(s) "
              f"since the last build: {len(current) - len(left)} of {len(current)} models, seeds and tests")
    checked_through = started_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f+00:00")
    built = sorted(manifest["nodes"][uid]["name"] for uid in affected
                   if uid in manifest["nodes"] and manifest["nodes"][uid]["resource_type"] == "model")
    return Selection(exclude, reason, checked_through, built, indirect_selection)


def record_build(manifest: Mapping[str, Any], target: str, warehouse: Warehouse, started_at: dt.datetime) -> None:
    with warehouse.connect() as con:
        con.execute(BUILDS_DDL)
        con.execute(f"insert into {AUDIT_SCHEMA}.dbt_builds values (?, ?, ?, ?)",
                    [started_at, dt.datetime.now(dt.timezone.utc), project_fingerprint(manifest, target),
                     json.dumps(node_signatures(manifest), sort_keys=True)])
