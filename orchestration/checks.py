"""Asset checks on every raw table: counts reconcile, and the quarantine rate is tolerable."""

import dagster as dg

from ingestion.reconciliation import reconcile
from ingestion.registry import SOURCE_TABLES
from orchestration.assets.raw_tables import raw_asset_key
from orchestration.resources import DuckDBWarehouse


def build_raw_table_checks(table_name: str) -> list[dg.AssetChecksDefinition]:
    key = raw_asset_key(table_name)

    @dg.asset_check(asset=key, name="counts_reconcile", blocking=True,
                    description="Per file: rows read = loaded + quarantined, and the raw table and "
                                "audit.quarantine hold exactly those rows; no orphan rows.")
    def counts_reconcile(warehouse: DuckDBWarehouse) -> dg.AssetCheckResult:
        result = reconcile(warehouse.warehouse(), table_name)
        return dg.AssetCheckResult(
            passed=result.ok,
            severity=dg.AssetCheckSeverity.ERROR,
            description=None if result.ok else "; ".join(result.problems[:20]),
            metadata={"files": result.files, "rows_read": result.rows_read, "rows_loaded": result.rows_loaded,
                      "rows_quarantined": result.rows_quarantined, "problems": len(result.problems)},
        )

    @dg.asset_check(asset=key, name="quarantine_rate",
                    description="Warns when more than CONTINUUM_QUARANTINE_WARN_RATE of the rows read "
                                "(default 5%) were quarantined: the extract probably changed shape.")
    def quarantine_rate(warehouse: DuckDBWarehouse) -> dg.AssetCheckResult:
        result = reconcile(warehouse.warehouse(), table_name)
        threshold = warehouse.quarantine_warn_rate
        return dg.AssetCheckResult(
            passed=result.quarantine_rate <= threshold,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"{result.quarantine_rate:.2%} of {result.rows_read} rows quarantined "
                        f"(threshold {threshold:.0%}); see audit.quarantine for reasons.",
            metadata={"quarantine_rate": result.quarantine_rate, "threshold": threshold},
        )

    return [counts_reconcile, quarantine_rate]


RAW_TABLE_CHECKS: list[dg.AssetChecksDefinition] = [
    check for table in SOURCE_TABLES for check in build_raw_table_checks(table.name)
]
