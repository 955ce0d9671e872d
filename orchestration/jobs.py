"""The main job and its nightly schedule."""

from __future__ import annotations

import dagster as dg

REFRESH_JOB_NAME = "continuum_refresh"

# Everything, in one process: DuckDB allows a single writer, so steps must not run in parallel.
refresh_job = dg.define_asset_job(
    REFRESH_JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Load every landing file into the warehouse and run all checks.",
    executor_def=dg.in_process_executor,
)

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="America/Chicago",
    description="Full refresh at 02:00 district time; unchanged files are skipped by content hash.",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
