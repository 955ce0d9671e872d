"""The Evidence dashboards: built by the real Dagster job from the published marts file, then every
page loaded in headless Chromium (Debian's package, driven by playwright-core) with every request
that leaves the machine blocked and recorded. Screenshots go to test-output/dashboards/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from bi.dashboards import EVIDENCE_PROJECT, DashboardBuildError, page_paths, run_step
from tests.conftest import PROJECT_ROOT

PAGE_CHECK = Path(__file__).parent / "page_check"
SCREENSHOTS = PROJECT_ROOT / "test-output" / "dashboards"
PAGES = ["/", "/equity/", "/growth/", "/improvement/", "/surveys/", "/variation/"]


@pytest.fixture(scope="module")
def site(duckdb_build) -> Path:
    outcome = duckdb_build.outcome
    assert outcome.succeeded, outcome.summary()
    assert outcome.dashboards_site is not None, outcome.summary()
    return outcome.dashboards_site


@pytest.fixture(scope="module")
def page_report(site) -> dict:
    if shutil.which("chromium") is None or not (PAGE_CHECK / "node_modules").is_dir():
        pytest.fail("Chromium or the page checker's npm packages are missing: scripts/ensure_dashboard_tools.sh "
                    "(run by make test) installs them")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    checked = subprocess.run(["node", str(PAGE_CHECK / "check_pages.mjs"), "--build-dir", str(site),
                              "--pages", ",".join(PAGES), "--screenshots", str(SCREENSHOTS), "--timeout-ms", "60000"],
                             capture_output=True, text=True, timeout=600)
    assert checked.returncode in (0, 1), checked.stderr  # 2 = the browser could not be started
    report = json.loads(checked.stdout)
    return {page["page"]: page for page in report["pages"]}


def test_the_pipeline_builds_every_page_and_reports_where(duckdb_build, site):
    assert page_paths(site) == sorted(PAGES)
    summary = duckdb_build.outcome.summary()
    assert f"Dashboards: {site}" in summary and f"http.server -d {site}" in summary
    # built beside the warehouse, never inside the repository's project folder
    assert site.parent == duckdb_build.settings.dashboards_dir
    assert not (EVIDENCE_PROJECT / "build").exists()


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_every_chart_and_table_with_data(page_report, page):
    result = page_report[page]
    assert result["nav_error"] is None
    assert result["charts"] + len(result["table_rows_per_table"]) >= 2, "a page shows at least two visuals"
    assert result["charts_drawn"] == result["charts"], "a chart container was left empty"
    assert all(rows > 0 for rows in result["table_rows_per_table"]), result["table_rows_per_table"]
    assert result["empty_components"] == [], "the sample district has data for every chart and table"
    assert result["error_texts"] == [] and result["page_errors"] == [] and result["console_errors"] == []
    assert result["failed_local_requests"] == []
    assert Path(result["screenshot"]).stat().st_size > 10_000


def test_pages_fetch_nothing_from_the_internet(page_report):
    for page, result in page_report.items():
        assert result["external_requests"] == [], page
        engine = result["browser_duckdb"]
        # the browser's DuckDB-Wasm has the data and never tries to download an extension
        assert engine["tables"] and engine["autoload_known_extensions"] is False, (page, engine)
        assert "parquet" not in engine["loaded_extensions"]


def test_overview_compares_this_year_with_last(page_report):
    values = page_report["/"]["big_values"]
    assert len(values) >= 3
    assert all(re.fullmatch(r"-?\d+(\.\d)?%", value["value"].split()[0]) for value in values), values


def test_suppressed_groups_read_suppressed_not_zero(page_report):
    assert "suppressed" in page_report["/equity/"]["text"]
    assert "suppressed" in page_report["/surveys/"]["text"]


def test_every_page_is_a_dbt_exposure_reading_what_its_sources_read(site):
    exposures = yaml.safe_load((PROJECT_ROOT / "dbt_project" / "models" / "exposures" /
                                "_dashboards__exposures.yml").read_text())["exposures"]
    paths = sorted(re.sub(r"^https?://[^/]+", "", exposure["url"]) for exposure in exposures)
    assert paths == sorted(page_paths(site))
    source_sql = " ".join(path.read_text() for path in (EVIDENCE_PROJECT / "sources").rglob("*.sql"))
    for exposure in exposures:
        for ref in exposure["depends_on"]:
            model = re.fullmatch(r"ref\('(\w+)'\)", ref).group(1)
            assert re.search(rf"\b{model}\b", source_sql), f"{exposure['name']}: no source reads {model}"


def test_a_failing_step_fails_with_the_tools_message_and_a_hung_one_is_killed(tmp_path):
    lines: list[str] = []
    with pytest.raises(DashboardBuildError, match="exit code 3"):
        run_step(["sh", "-c", "echo first; echo 'Catalog Error: table x does not exist'; exit 3"], tmp_path,
                 lines.append)
    assert lines == ["first", "Catalog Error: table x does not exist"]
    started = time.monotonic()
    with pytest.raises(DashboardBuildError, match="did not finish within 1 s"):
        # the background child holds the output pipe open: only killing the whole group ends the step
        run_step(["sh", "-c", "sleep 60 & echo started; wait"], tmp_path, lines.append, timeout=1)
    assert time.monotonic() - started < 20


def test_without_npm_the_run_skips_the_dashboards_and_says_how_to_enable_them(tmp_path, monkeypatch):
    from orchestration.definitions import build_definitions
    from orchestration.run import RunOutcome
    from orchestration.settings import Settings

    monkeypatch.setenv("PATH", str(tmp_path))  # no npm on it
    settings = Settings(landing=tmp_path, warehouse=tmp_path / "warehouse.duckdb", dashboards=True)
    keys = {key.to_user_string() for key in build_definitions(settings).resolve_all_asset_keys()}
    assert "published/marts" in keys and "bi/dashboards" not in keys
    summary = RunOutcome(settings, "run-1", succeeded=True).summary()
    assert "Dashboards: not built, npm was not found" in summary and "apt-get install nodejs npm" in summary
