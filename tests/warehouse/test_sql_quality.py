"""Every model passes sqlfluff with both dialects; the raw sources stay generated from the contracts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ingestion.dbt_sources import SOURCES_PATH, render_sources
from tests.conftest import PROJECT_ROOT


@pytest.mark.parametrize("dialect", ["duckdb", "postgres"])
def test_sqlfluff_lint_passes(dialect):
    models = list((PROJECT_ROOT / "dbt_project" / "models").rglob("*.sql"))
    assert len(models) > 30
    result = subprocess.run([sys.executable, "-m", "sqlfluff", "lint", "--dialect", dialect, "--processes", "2",
                             "dbt_project/models"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:]


def test_committed_dbt_sources_match_the_contracts():
    committed = (PROJECT_ROOT / SOURCES_PATH).read_text(encoding="utf-8")
    assert committed == render_sources(), "run `make docs` and commit the regenerated sources"
