"""Run the main job in-process (what `continuum run` does) and summarise it for a person.

With DAGSTER_HOME set, the run is recorded in that Dagster instance, so it shows in the UI
started from the same DAGSTER_HOME; otherwise an ephemeral instance is used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import dagster as dg

from ingestion.landing import scan_landing
from orchestration.definitions import build_definitions
from orchestration.jobs import REFRESH_JOB_NAME
from orchestration.settings import Settings


@dataclass
class RunOutcome:
    settings: Settings
    run_id: str
    succeeded: bool
    loaded: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # table -> (loaded, quarantined, total)
    failures: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checks_passed: int = 0

    def summary(self) -> str:
        lines = [f"{'table':<32} {'loaded now':>12} {'quarantined':>12} {'rows in raw':>12}"]
        for table, (loaded, quarantined, total) in sorted(self.loaded.items()):
            lines.append(f"{table:<32} {loaded:>12,} {quarantined:>12,} {total:>12,}")
        lines += [f"WARNING: {warning}" for warning in self.warnings]
        lines += [f"CHECK FAILED: {check}" for check in self.failed_checks]
        lines += [f"FAILED: {failure}" for failure in self.failures]
        verdict = (f"Run succeeded; {self.checks_passed} checks passed" if self.succeeded else "Run FAILED")
        lines += [
            "",
            f"{verdict} (run id {self.run_id}).",
            f"Warehouse: {self.settings.warehouse}  (schemas raw and audit; rejected rows and their "
            "reasons are in audit.quarantine, every delivery in audit.ingest_log)",
            f"Query it:  .venv/bin/python -c \"import duckdb; "
            f"duckdb.connect('{self.settings.warehouse}', read_only=True).sql('from audit.ingest_log').show()\"",
            "Dagster UI: make ui   (then open http://127.0.0.1:3000)",
        ]
        return "\n".join(lines)


def _instance() -> dg.DagsterInstance:
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def run_pipeline(settings: Settings, *, verbose: bool = False,
                 instance: dg.DagsterInstance | None = None) -> RunOutcome:
    defs = build_definitions(settings)
    job = defs.resolve_job_def(REFRESH_JOB_NAME)
    log_level = "INFO" if verbose else "WARNING"
    result = job.execute_in_process(
        instance=instance or _instance(),
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
    )
    outcome = RunOutcome(settings, result.run_id, succeeded=result.success)
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        meta = {key: value.value for key, value in materialization.metadata.items()}
        outcome.loaded[materialization.asset_key.path[-1]] = (
            meta.get("rows_loaded", 0), meta.get("rows_quarantined", 0), meta.get("dagster/row_count", 0))
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
    outcome.warnings += [f"{name} was not loaded: {why}" for name, why in scan_landing(settings.landing).unrecognised]
    return outcome
