"""The published marts file: what dashboards read, refreshed after every dbt build (DuckDB target)."""

import json
from pathlib import Path

import dagster as dg

from bi.publish import publish_marts
from orchestration.dbt_project import ensure_manifest
from orchestration.resources import DuckDBWarehouse, PublishedFile

PUBLISHED_MARTS_KEY = dg.AssetKey(["published", "marts"])


CATALOG = "mart_catalog"


def published_mart_names() -> list[str]:
    """The marts BI reads: those the catalog model refs (models/marts/bi/mart_catalog.sql), and itself."""
    nodes = json.loads(ensure_manifest().read_text())["nodes"]
    [catalog] = [node for node in nodes.values() if node["resource_type"] == "model" and node["name"] == CATALOG]
    return sorted([CATALOG, *(nodes[uid]["name"] for uid in catalog["depends_on"]["nodes"])])


# The one dependency is the catalog, which is downstream of every published mart: Dagster skips a
# step if any asset it depends on was left out of the run, and a pipeline run rebuilds only the marts
# its new data reaches, so depending on the marts themselves would skip publishing after every such run.
@dg.asset(key=PUBLISHED_MARTS_KEY, deps=[dg.AssetKey(["marts", CATALOG])], group_name="bi",
          description="The marts BI reads (mart_catalog lists them) copied into their own DuckDB file for BI "
                      "tools (no restricted data).")
def published_marts(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse,
                    published_file: PublishedFile) -> dg.MaterializeResult:
    publication = publish_marts(warehouse.warehouse().path, Path(published_file.path), published_mart_names())
    context.log.info(f"published {len(publication.rows_by_table)} marts to {publication.path}, "
                     f"{len(publication.written)} of them written again (the rest were unchanged), "
                     f"{len(publication.years_written)} of those only for the school years that changed")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(publication.path)),
        "tables": len(publication.rows_by_table),
        "tables_written": dg.MetadataValue.json(publication.written),
        "school_years_written": dg.MetadataValue.json(publication.years_written),
        "rows_by_table": dg.MetadataValue.json(publication.rows_by_table),
    })
