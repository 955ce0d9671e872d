"""The published marts file: what dashboards read, refreshed after every dbt build (DuckDB target)."""

import json
from pathlib import Path

import dagster as dg

from bi.publish import publish_marts
from orchestration.dbt_project import ensure_manifest
from orchestration.resources import DuckDBWarehouse, PublishedFile

PUBLISHED_MARTS_KEY = dg.AssetKey(["published", "marts"])


def published_mart_names() -> list[str]:
    """The marts models BI reads: all but those whose config says `meta: {published: false}`."""
    manifest = json.loads(ensure_manifest().read_text())
    return sorted(node["name"] for node in manifest["nodes"].values()
                  if node["resource_type"] == "model" and node["schema"] == "marts"
                  and node["config"].get("meta", {}).get("published", True))


@dg.asset(key=PUBLISHED_MARTS_KEY, deps=[dg.AssetKey(["marts", name]) for name in published_mart_names()],
          group_name="bi",
          description="The marts schema copied into its own DuckDB file for BI tools (no restricted data).")
def published_marts(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse,
                    published_file: PublishedFile) -> dg.MaterializeResult:
    publication = publish_marts(warehouse.warehouse().path, Path(published_file.path), published_mart_names())
    context.log.info(f"published {len(publication.rows_by_table)} marts to {publication.path}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(publication.path)),
        "tables": len(publication.rows_by_table),
        "rows_by_table": dg.MetadataValue.json(publication.rows_by_table),
    })
