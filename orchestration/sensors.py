"""A sensor on the landing folder: new or changed files launch a run for the tables they feed."""

import hashlib
import json

import dagster as dg

from ingestion.landing import scan_landing
from orchestration.assets.raw_tables import raw_asset_key
from orchestration.jobs import REFRESH_JOB_NAME
from orchestration.resources import LandingFolder


def landing_state(landing: LandingFolder) -> dict[str, dict[str, str]]:
    # Fingerprints (size and modification time) are cheap to read; the asset itself compares content
    # hashes, so a touched-but-identical file costs one no-op run, never a duplicate load.
    scan = scan_landing(landing.root)
    return {table: {d.identity: d.fingerprint() for d in deliveries} for table, deliveries in scan.deliveries.items()}


@dg.sensor(job_name=REFRESH_JOB_NAME, minimum_interval_seconds=60,
           description="Watches the landing folder; launches a run for the raw tables whose files are new or changed.",
           default_status=dg.DefaultSensorStatus.STOPPED)
def landing_folder_sensor(context: dg.SensorEvaluationContext, landing: LandingFolder) -> dg.SensorResult:
    state = landing_state(landing)
    previous: dict[str, dict[str, str]] = json.loads(context.cursor) if context.cursor else {}
    changed = sorted(table for table, files in state.items()
                     if any(previous.get(table, {}).get(name) != print_ for name, print_ in files.items()))
    cursor = json.dumps(state, sort_keys=True)
    if not changed:
        return dg.SensorResult(skip_reason="No new or changed files in the landing folder.", cursor=cursor)
    run_key = hashlib.sha256(cursor.encode()).hexdigest()[:16]
    context.log.info(f"New or changed files for: {', '.join(changed)}")
    # The changed raw tables and everything built from them, so new data reaches the marts.
    selection = dg.AssetSelection.assets(*(raw_asset_key(t) for t in changed)).downstream()
    keys = sorted(selection.resolve(context.repository_def.asset_graph), key=lambda key: key.to_user_string())
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, asset_selection=keys, tags={"continuum/trigger": "landing_folder"})],
        cursor=cursor,
    )
