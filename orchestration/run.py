"""Run the main job in-process (what `continuum run` does) and summarise it for a person.

With DAGSTER_HOME set, the run is recorded in that Dagster instance, so it shows in the UI
started from the same DAGSTER_HOME; otherwise an ephemeral instance is used.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import dagster as dg

from bi.dashboards import ENABLE_HINT, npm_executable
from orchestration.assets.dashboards import DASHBOARDS_KEY
from orchestration.definitions import build_definitions
from orchestration.jobs import REFRESH_JOB_NAME
from orchestration.resources import LandingFolder
from orchestration.settings import DEFAULT_WAREHOUSE, Settings


@dataclass
class RunOutcome:
    settings: Settings
    run_id: str
    succeeded: bool
    loaded: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # table -> (loaded, quarantined, total)
    models_built: dict[str, int] = field(default_factory=dict)  # dbt schema -> models and seeds materialized
    failures: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checks_passed: int = 0
    log_file: Path | None = None  # dbt's step-by-step output, when not shown (--verbose shows it)
    dashboards_site: Path | None = None  # the built Evidence site, when this run built it

    def _where(self) -> str:
        if self.settings.target == "postgres" and self.settings.postgres is not None:
            pg = self.settings.postgres
            return f"PostgreSQL {pg.user}@{pg.host}:{pg.port}/{pg.database} (ingest store {self.settings.warehouse})"
        return str(self.settings.warehouse)

    def _bi_boundary(self) -> str:
        if self.settings.target == "postgres":
            return "dashboards log in as role bi_reader, which can read the marts schema only"
        return f"{self.settings.published_file} (the marts only, for dashboards and BI tools)"

    def _dashboards(self) -> list[str]:
        if self.settings.target != "duckdb":
            return []
        if self.dashboards_site is not None:
            serve = f".venv/bin/python -m http.server -d {self.dashboards_site} -b 127.0.0.1 3001"
            if self.dashboards_site == DEFAULT_WAREHOUSE.with_name("dashboards") / "site":
                serve = f"make dashboards   (or {serve})"
            return [f"Dashboards: {self.dashboards_site}",
                    f"  open them: {serve}, then http://127.0.0.1:3001"]
        if not self.settings.dashboards:
            return ["Dashboards: not built (turned off: CONTINUUM_DASHBOARDS=0 or --no-dashboards)"]
        if npm_executable() is None:
            return [f"Dashboards: not built, npm was not found: {ENABLE_HINT}"]
        return ["Dashboards: not built in this run (see the failures above)"]

    def _query_hint(self) -> str:
        if self.settings.target == "postgres" and self.settings.postgres is not None:
            pg = self.settings.postgres
            return f"psql -h {pg.host} -p {pg.port} -U {pg.user} -d {pg.database} -c 'table marts.dim_school'"
        return (".venv/bin/python -c \"import duckdb; "
                f"duckdb.connect('{self.settings.warehouse}', read_only=True).sql('from marts.dim_school').show()\"")

    def summary(self) -> str:
        lines = [f"{'table':<32} {'loaded now':>12} {'quarantined':>12} {'rows in raw':>12}"]
        for table, (loaded, quarantined, total) in sorted(self.loaded.items()):
            lines.append(f"{table:<32} {loaded:>12,} {quarantined:>12,} {total:>12,}")
        if self.models_built:
            built = ", ".join(f"{count} in {schema}" for schema, count in sorted(self.models_built.items()))
            lines.append(f"\ndbt built {sum(self.models_built.values())} models and seeds: {built}")
        lines += [f"WARNING: {warning}" for warning in self.warnings]
        lines += [f"CHECK FAILED: {check}" for check in self.failed_checks]
        lines += [f"FAILED: {failure}" for failure in self.failures]
        verdict = (f"Run succeeded; {self.checks_passed} checks passed" if self.succeeded else "Run FAILED")
        lines += [
            "",
            f"{verdict} (run id {self.run_id}).",
            *([f"Full log (dbt's output, library warnings): {self.log_file}"] if self.log_file else []),
            f"Warehouse: {self._where()}",
            "  marts: dimensions and facts for analysts; restricted: names and ids (authorised staff only);",
            "  raw + audit: loaded rows, audit.quarantine (rejected rows and why), audit.ingest_log (every file)",
            f"BI: {self._bi_boundary()}",
            *self._dashboards(),
            f"Query it:  {self._query_hint()}",
            "Dagster UI: make ui   (then open http://127.0.0.1:3000)",
        ]
        return "\n".join(lines)


def _instance() -> dg.DagsterInstance:
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


@contextlib.contextmanager
def _library_logging_to(stream: TextIO) -> Iterator[None]:
    """Python logging records (libraries' own warnings, which nothing else handles and Python would
    print on stderr) written to the run's log file instead. Dagster's execution plan warns that a
    blocking dbt test "emitted no result" whenever a run leaves its model alone (every run with
    nothing new), and says the step after it proceeds when that step is in fact skipped."""
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


def run_pipeline(settings: Settings, *, verbose: bool = False, ingest_only: bool = False,
                 instance: dg.DagsterInstance | None = None) -> RunOutcome:
    """Run the main job; with ingest_only, just the raw tables and their checks (no dbt build)."""
    defs = build_definitions(settings)
    job = defs.resolve_job_def(REFRESH_JOB_NAME)
    selection = [key for key in defs.resolve_all_asset_keys() if key.path[0] == "raw"] if ingest_only else None
    log_level = "INFO" if verbose else "WARNING"
    log_file = None if verbose else settings.warehouse.parent / "logs" / "continuum-run.log"
    with contextlib.ExitStack() as stack:
        if log_file is not None:
            # dagster-dbt echoes every dbt log line to stdout; a person wants the summary, the file keeps the rest.
            log_file.parent.mkdir(parents=True, exist_ok=True)
            log_stream = stack.enter_context(log_file.open("w"))
            stack.enter_context(contextlib.redirect_stdout(log_stream))
            stack.enter_context(_library_logging_to(log_stream))
        result = job.execute_in_process(
            instance=instance or _instance(),
            raise_on_error=False,
            asset_selection=selection,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
    outcome = RunOutcome(settings, result.run_id, succeeded=result.success, log_file=log_file)
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        schema, name = materialization.asset_key.path[0], materialization.asset_key.path[-1]
        if materialization.asset_key == DASHBOARDS_KEY:
            outcome.dashboards_site = Path(materialization.metadata["site"].value)
            continue
        if schema == "published":  # not a dbt model: reported on the BI line of the summary
            continue
        if schema != "raw":
            outcome.models_built[schema] = outcome.models_built.get(schema, 0) + 1
            continue
        meta = {key: value.value for key, value in materialization.metadata.items()}
        outcome.loaded[name] = (meta.get("rows_loaded", 0), meta.get("rows_quarantined", 0),
                                meta.get("dagster/row_count", 0))
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        message = error.cause.message if error and error.cause else (error.message if error else "unknown error")
        outcome.failures.append(f"{event.step_key}: {message.strip()}")
    for evaluation in result.get_asset_check_evaluations():
        outcome.checks_passed += evaluation.passed
        if not evaluation.passed:
            label = f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}: {evaluation.description}"
            if evaluation.severity == dg.AssetCheckSeverity.ERROR:
                outcome.failed_checks.append(label)
                outcome.succeeded = False
            else:
                outcome.warnings.append(label)
    # The listing the run loaded from (the folder may have changed since).
    unrecognised = LandingFolder(path=str(settings.landing)).scan(result.run_id).unrecognised
    outcome.warnings += [f"{name} was not loaded: {why}" for name, why in unrecognised]
    return outcome
