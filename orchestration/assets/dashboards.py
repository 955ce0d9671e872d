"""The Evidence dashboards, rebuilt from the published marts file with Evidence's CLI (DuckDB target)."""

from pathlib import Path

import dagster as dg

from bi.dashboards import DashboardBuildError, build_dashboards
from orchestration.assets.published_marts import PUBLISHED_MARTS_KEY
from orchestration.resources import DashboardsFolder, PublishedFile

DASHBOARDS_KEY = dg.AssetKey(["bi", "dashboards"])


@dg.asset(key=DASHBOARDS_KEY, deps=[PUBLISHED_MARTS_KEY], group_name="bi",
          description="Evidence dashboards (bi/evidence) built as a static site from the published marts file: "
                      "`npm run sources`, then `npm run build`; serve the site folder with `make dashboards`.")
def dashboards(context: dg.AssetExecutionContext, published_file: PublishedFile,
               dashboards_folder: DashboardsFolder) -> dg.MaterializeResult:
    try:
        site = build_dashboards(Path(published_file.path), Path(dashboards_folder.path), context.log.info)
    except DashboardBuildError as error:
        raise dg.Failure(description=str(error)) from None
    context.log.info(f"dashboards built at {site.path}: {', '.join(site.pages)}")
    return dg.MaterializeResult(metadata={
        "site": dg.MetadataValue.path(str(site.path)),
        "pages": dg.MetadataValue.json(site.pages),
        "sources_seconds": round(site.seconds_by_step["sources"], 1),
        "build_seconds": round(site.seconds_by_step["build"], 1),
    })
