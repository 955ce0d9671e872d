"""One Dagster asset per raw table, built from the source-table registry.

The asset only wires: the work (read, validate, load) is ingestion.load.load_table.
Asset keys are raw/<table>, the same keys dbt's sources map to, so the lineage graph joins up.
"""

import dagster as dg
import polars as pl

from ingestion.contract import SourceTable
from ingestion.load import TableLoadReport, load_table
from ingestion.postgres_mirror import mirror_table
from ingestion.reconciliation import reconcile
from ingestion.registry import SOURCE_TABLES
from ingestion.warehouse import RAW_SCHEMA
from orchestration.checks import raw_table_check_results, raw_table_check_specs
from orchestration.resources import DuckDBWarehouse, LandingFolder, PostgresWarehouse


def raw_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey([RAW_SCHEMA, table])


def markdown_table(frame: pl.DataFrame, max_rows: int = 5) -> str:
    """A small Markdown table for the Dagster UI (no pandas needed)."""
    shown = frame.head(max_rows)
    header = "| " + " | ".join(shown.columns) + " |"
    rule = "| " + " | ".join("---" for _ in shown.columns) + " |"
    rows = ["| " + " | ".join("" if value is None else str(value) for value in row) + " |" for row in shown.rows()]
    return "\n".join([header, rule, *rows])


def _column_schema(table: SourceTable) -> dg.TableSchema:
    return dg.TableSchema(columns=[
        dg.TableColumn(name, str(column.dtype), description=column.description or "")
        for name, column in table.columns.items()
    ])


def _materialization_metadata(report: TableLoadReport, total_rows: int) -> dict[str, object]:
    changed = report.with_status("loaded", "replaced")
    metadata: dict[str, object] = {
        "dagster/row_count": total_rows,
        "rows_loaded": report.count("rows_loaded"),
        "rows_quarantined": report.count("rows_quarantined"),
        "files_loaded": len(changed),
        "files_unchanged": len(report.with_status("unchanged")),
        "files_duplicate": len(report.with_status("duplicate")),
    }
    if changed:
        metadata["files"] = dg.MetadataValue.md("\n".join(
            f"- `{f.source_file}` ({f.status}): {f.rows_loaded} loaded, {f.rows_quarantined} quarantined"
            + (f"; {f.message}" if f.message else "") for f in changed))
    if report.preview is not None and report.preview.height:
        metadata["preview"] = dg.MetadataValue.md(markdown_table(report.preview))
    return metadata


def build_raw_table_asset(table: SourceTable) -> dg.AssetsDefinition:
    @dg.asset(
        key=raw_asset_key(table.name),
        group_name=table.family,
        description=f"{table.description} Validated against ingestion/{table.family}/contracts.py "
                    f"({table.model.__name__}); failing rows go to audit.quarantine.",
        deps=[raw_asset_key(parent) for parent in table.parent_tables if parent != table.name],
        kinds={"polars", "duckdb"},
        metadata={"dagster/column_schema": _column_schema(table), "contract": table.model.__name__},
        check_specs=raw_table_check_specs(raw_asset_key(table.name)),
    )
    def _raw_table(context: dg.AssetExecutionContext, landing: LandingFolder, warehouse: DuckDBWarehouse,
                   postgres: PostgresWarehouse) -> dg.MaterializeResult:
        store = warehouse.warehouse()
        # One connection for the whole step: opening and closing the file (a checkpoint each time)
        # four times cost more than an unchanged table's whole step.
        with store.session():
            store.prepare([table])
            report = load_table(table, landing.root, store, run_id=context.run.run_id,
                                scan=landing.scan(context.run.run_id), log=context.log.info)
            with store.connect() as con:
                total = con.execute(f"select count(*) from {RAW_SCHEMA}.{table.name}").fetchone()[0]
            metadata = _materialization_metadata(report, total)
            if postgres.enabled:
                metadata["files_mirrored_to_postgres"] = mirror_table(table, store, postgres.target())
            checks = raw_table_check_results(reconcile(store, table.name), warehouse.quarantine_warn_rate)
        return dg.MaterializeResult(metadata=metadata, check_results=checks)

    return _raw_table


RAW_TABLE_ASSETS: list[dg.AssetsDefinition] = [build_raw_table_asset(table) for table in SOURCE_TABLES]
