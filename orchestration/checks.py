"""Asset checks on every raw table: counts reconcile, and the quarantine rate is tolerable.

They are declared on the raw table's asset and evaluated in its own step, after the load: one
reconciliation serves both, and a run does not pay for forty more steps (a Dagster step costs
about 0.07 s even when it has nothing to do).
"""

import dagster as dg

from ingestion.reconciliation import Reconciliation


def raw_table_check_specs(key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec("counts_reconcile", asset=key, blocking=True,
                          description="Per file: rows read = loaded + quarantined, and the raw table and "
                                      "audit.quarantine hold exactly those rows; no orphan rows."),
        dg.AssetCheckSpec("quarantine_rate", asset=key,
                          description="Warns when more than CONTINUUM_QUARANTINE_WARN_RATE of the rows read "
                                      "(default 5%) were quarantined: the extract probably changed shape."),
    ]


def raw_table_check_results(result: Reconciliation, warn_rate: float) -> list[dg.AssetCheckResult]:
    return [
        dg.AssetCheckResult(
            check_name="counts_reconcile",
            passed=result.ok,
            severity=dg.AssetCheckSeverity.ERROR,
            description=None if result.ok else "; ".join(result.problems[:20]),
            metadata={"files": result.files, "rows_read": result.rows_read, "rows_loaded": result.rows_loaded,
                      "rows_quarantined": result.rows_quarantined, "problems": len(result.problems)},
        ),
        dg.AssetCheckResult(
            check_name="quarantine_rate",
            passed=result.quarantine_rate <= warn_rate,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"{result.quarantine_rate:.2%} of {result.rows_read} rows quarantined "
                        f"(threshold {warn_rate:.0%}); see audit.quarantine for reasons.",
            metadata={"quarantine_rate": result.quarantine_rate, "threshold": warn_rate},
        ),
    ]
