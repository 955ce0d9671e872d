"""docs/landing-contract.md is generated from the Pandera models and must not drift from them."""

from __future__ import annotations

from ingestion.contract_docs import render_landing_contract
from ingestion.registry import SOURCE_TABLES
from tests.conftest import PROJECT_ROOT


def test_committed_landing_contract_matches_the_models():
    committed = (PROJECT_ROOT / "docs" / "landing-contract.md").read_text(encoding="utf-8")
    assert committed == render_landing_contract(), "docs are stale: run `make docs` and commit the result"


def test_every_column_of_every_table_is_documented():
    page = render_landing_contract()
    for table in SOURCE_TABLES:
        assert f"### `raw.{table.name}`" in page
        for name, column in table.columns.items():
            assert column.description, f"{table.name}.{name} has no description in its Pandera model"
            assert f"| `{name}` |" in page
