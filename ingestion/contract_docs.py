"""Render docs/landing-contract.md from the source-table registry and its Pandera models.

The Pandera models are the contract; this page is generated from them (`continuum docs`), and a
test fails when the committed page is out of date, so the two can never disagree.
"""

from __future__ import annotations

from pathlib import Path

from ingestion.contract import SourceTable
from ingestion.registry import FAMILIES, SOURCE_TABLES

_TYPE_NAMES = {"String": "text", "Int64": "integer", "Float64": "number", "Boolean": "true/false", "Date": "date"}

_INTRO = """# Landing contract

*Generated from the Pandera models in `ingestion/*/contracts.py` by `continuum docs`; do not edit by hand.*

A district drops its extracts into a landing folder with one subfolder per source family:
`sis/`, `assessments/`, `surveys/`, `improvement/`. Files are CSV, UTF-8 (a BOM is fine), comma-separated,
with a header row. Header names are matched ignoring case and punctuation (`TestRITScore`,
`testritscore` and `Test_RIT_Score` are the same column); columns the contract does not know are
ignored and named in `audit.ingest_log.message`. Empty values are missing values.

How a file is routed to its table:
- **OneRoster bundles** (1.1 or 1.2): a folder or `.zip` anywhere under `sis/` that holds `manifest.csv`.
  Each file in it feeds the table of the same name. Files marked `delta` in the manifest are refused
  (send bulk files); a file the manifest lists as `bulk` but the bundle lacks fails its table.
- **By header**: a CSV under the family folder whose header has a table's signature columns (the NWEA
  MAP Growth export, wherever it sits in `assessments/`).
- **By file name**: the patterns listed per table below (case-insensitive).
- **Catch-all**: in `assessments/` and `surveys/`, any other CSV is read as results / responses.
- Anything else is reported as not loaded (the run prints a warning); hidden files are skipped.

What happens to a file (identified by its path in the landing folder and the SHA-256 of its content):
- every row is loaded into `raw.<table>` (with `_source_file`, `_file_hash`, `_row_number`,
  `_loaded_at`) or written to `audit.quarantine` with the failed checks, a readable reason and the
  raw values; `audit.ingest_log` has one row per delivery and the counts reconcile;
- the same file again is a no-op; the same content under another name is logged as a duplicate and
  skipped; a corrected file at the same path replaces that file's earlier rows;
- a file-level problem (empty, not UTF-8, not comma-separated, missing required columns, malformed
  CSV) fails the table's asset with a message naming the file and the fix; nothing from the file is
  written and what was loaded before is untouched.

Row-level checks: each value must parse as its column's type; required values must be present;
the checks below must hold; references must point at known rows (already loaded parents).
"""


def _checks(column: object) -> str:
    parts = []
    for check in getattr(column, "checks", []):
        stats = check.statistics or {}
        if "allowed_values" in stats:
            parts.append("one of " + ", ".join(f"`{value}`" for value in stats["allowed_values"]))
        elif check.name in ("greater_than_or_equal_to", "greater_than", "less_than_or_equal_to", "less_than"):
            symbol = {"greater_than_or_equal_to": ">=", "greater_than": ">",
                      "less_than_or_equal_to": "<=", "less_than": "<"}[check.name]
            parts.append(f"{symbol} {next(iter(stats.values()))}")
        elif check.name == "str_matches":
            parts.append(f"matches `{stats.get('pattern')}`")
        else:
            parts.append(check.name)
    if getattr(column, "unique", False):
        parts.append("unique in the file")
    return "; ".join(parts)


def _routing(table: SourceTable) -> str:
    if table.oneroster_file:
        return f"`{table.oneroster_file}` in a OneRoster bundle under `sis/`"
    rules = []
    if table.header_signature:
        rules.append("a CSV under `" + table.family + "/` whose header has " +
                     ", ".join(f"`{key}`" for key in sorted(table.header_signature)))
    if table.file_patterns:
        rules.append(" or ".join(f"`{table.family}/**/{pattern}`" for pattern in table.file_patterns))
    if table.catch_all:
        rules.append(f"any other CSV under `{table.family}/`")
    return "; ".join(rules)


def render_table(table: SourceTable) -> str:
    schema = table.schema
    dtypes = table.polars_dtypes()
    lines = [f"### `raw.{table.name}`", "", table.description, "",
             f"- Contract: `{table.model.__module__}.{table.model.__name__}`",
             f"- Files: {_routing(table)}"]
    if table.aliases:
        lines.append("- Also accepted headers: " + ", ".join(
            f"`{alias}` -> `{target}`" for alias, target in table.aliases.items()))
    if table.discarded_columns:
        lines.append("- Read but never stored: " + ", ".join(f"`{name}`" for name in table.discarded_columns))
    if schema.unique:
        lines.append("- Unique in the file: (" + ", ".join(schema.unique) + ")")
    for check in schema.checks:
        lines.append(f"- Row rule: {check.name.replace('_', ' ')}")
    for reference in table.references:
        parents = " or ".join(f"`raw.{reference.parent_table}.{column}`" for column in reference.parent_columns)
        lines.append(f"- Reference: `{reference.column}` must be a known {reference.what} ({parents})")
    lines += ["", "| column | type | required column | value required | checks | description |",
              "| --- | --- | --- | --- | --- | --- |"]
    for name, column in schema.columns.items():
        dtype = str(dtypes[name])
        type_name = _TYPE_NAMES.get(dtype, dtype)
        if type_name == "date":
            type_name += " (" + ", ".join(f"`{fmt}`" for fmt in table.date_formats(name)) + ")"
        lines.append(f"| `{name}` | {type_name} | {'yes' if column.required else 'no'} | "
                     f"{'no' if column.nullable else 'yes'} | {_checks(column)} | {column.description or ''} |")
    return "\n".join(lines) + "\n"


def render_landing_contract() -> str:
    sections = [_INTRO]
    for family in FAMILIES:
        sections.append(f"## `{family}/`\n")
        sections += [render_table(table) for table in SOURCE_TABLES if table.family == family]
    return "\n".join(sections)


def write_landing_contract(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_landing_contract(), encoding="utf-8")
    return path
