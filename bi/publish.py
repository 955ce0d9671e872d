"""Publish the BI-facing marts into their own DuckDB file.

Dashboards and BI tools read a file the pipeline is not writing, holding only the warehouse's
`marts` schema (aggregates and pseudonymous tables; never `restricted`, `raw`, `audit` or the
intermediate layers), as the file's main schema: `select * from dim_school` in a session on the
file, or `marts.dim_school` when it is attached under its default name marts.duckdb (a schema
called marts inside a catalog called marts would make that name ambiguous in DuckDB). The file is written beside the target under a temporary name and renamed into place, so
a reader sees either the previous publication or the new one, never half of one. The new file starts
as a copy of the previous one, and only the marts whose columns or content (a hash of every row)
differ from it are written again: after a run that added one month of attendance most marts are as
they were, and writing them again was most of the publishing time. The signatures of what was
published are kept beside the file (<file>.signatures.json, with the file's size and modification
time), so the next publication hashes only the warehouse's marts while the file is as it left it; and
of those, not an incremental mart whose last build is the one the remembered signature was taken
after (its build record, written by dbt in the same transaction as its rows, is unchanged): hashing
the assessment and survey facts an attendance month does not touch took 0.3-1 s at 100k students, and
grows with the district. This trusts that only dbt writes the marts, as everywhere else in the pipeline.
A mart with a school_year column is signed per school year as well, and when only some of its school
years changed (the usual case: an assessment window or an attendance month lands in the current year),
only those years' rows are replaced: writing the whole assessment fact again for one window took 3.8 s
of a 5.4 s publication at 100k students.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import duckdb

PUBLISHED_SCHEMA = "marts"
# One row per incremental model, rewritten by the model's post-hook (dbt_project/macros/incremental_partitions.sql).
INCREMENTAL_BUILDS = "intermediate.incremental_model_state"
STORAGE_VERSION = "v1.4.0"
# A mart with this column is compared, and when worth it written, one value (school year) at a time.
PARTITION_COLUMN = "school_year"
# Above this share of a mart's rows changed, the mart is written whole: replacing most of a table row by row
# costs more than writing it, and leaves most of its old blocks free in the file until later writes reuse them.
MOST_OF_A_MART = 0.5
SIGNATURES_FORMAT = 2
# Defence in depth: the marts are pseudonymous by design (tests check values too); a column with
# one of these names in a mart is a modelling mistake, and publishing stops rather than leak it.
RESTRICTED_COLUMN_NAMES = frozenset({
    "given_name", "family_name", "middle_name", "preferred_first_name", "birth_date", "email", "phone",
    "sms", "username", "student_sourced_id", "state_student_id", "sourced_id", "identifier", "password",
})


class PublishRefused(RuntimeError):
    """A mart holds a column that must never leave the warehouse."""


@dataclass(frozen=True)
class Publication:
    path: Path
    rows_by_table: dict[str, int]
    written: list[str]  # the marts written again, whole or in part; the others were kept from the previous publication
    years_written: dict[str, list[str | None]]  # of those, the ones where only these school years were replaced


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish_marts(warehouse: Path, published: Path, marts: Collection[str] | None = None) -> Publication:
    """Copy the named marts (tables or views; None = all of the marts schema) as tables, with their
    table and column comments."""
    published.parent.mkdir(parents=True, exist_ok=True)
    staging_file = published.with_name(published.name + ".publishing")
    staging_file.unlink(missing_ok=True)
    if published.exists():
        shutil.copyfile(published, staging_file)
    rows_by_table: dict[str, int] = {}
    try:
        with duckdb.connect() as con:
            # Rows are written as they come instead of in the warehouse's order (which no query may
            # rely on), in parallel: publishing the three marts an assessment window changes took 6.7 s at
            # 100k students, 5.4 s this way.
            con.execute("set preserve_insertion_order = false")
            # Readable by the DuckDB 1.4 libraries BI tools embed (Evidence's connector among them).
            attach = f"attach {_literal(str(staging_file))} as published (storage_version '{STORAGE_VERSION}')"
            try:
                con.execute(attach)
            except duckdb.Error:  # a previous file DuckDB cannot open: start from an empty one
                staging_file.unlink()
                con.execute(attach)
            con.execute("use published")
            con.execute(f"attach {_literal(str(warehouse))} as warehouse (read_only)")
            columns = con.execute(
                "select table_name, column_name, comment from duckdb_columns() "
                "where database_name = 'warehouse' and schema_name = ? order by table_name, column_index",
                [PUBLISHED_SCHEMA]).fetchall()
            leaked = sorted({f"{table}.{column}" for table, column, _ in columns
                             if column.lower() in RESTRICTED_COLUMN_NAMES})
            if leaked:
                raise PublishRefused(f"refusing to publish restricted columns: {', '.join(leaked)}; "
                                     "keep identities in the restricted schema")
            relations = con.execute(
                "select table_name, comment from duckdb_tables() where database_name = 'warehouse' "
                "and schema_name = ? union all select view_name, comment from duckdb_views() "
                "where database_name = 'warehouse' and schema_name = ? order by 1",
                [PUBLISHED_SCHEMA, PUBLISHED_SCHEMA]).fetchall()
            comments = dict(relations)
            tables = sorted(marts if marts is not None else comments)
            missing = [name for name in tables if name not in comments]
            if missing or not tables:
                raise PublishRefused(f"{warehouse} lacks {PUBLISHED_SCHEMA} {', '.join(missing) or 'tables'}: "
                                     "run the dbt build first")
            publishing = set(tables)
            columns = [column for column in columns if column[0] in publishing]
            for (view,) in con.execute("select view_name from duckdb_views() "
                                       "where database_name = 'published' and not internal").fetchall():
                con.execute(f"drop view published.main.{_quote(view)}")  # only the marts, as tables
            previous = {name for (name,) in con.execute(
                "select table_name from duckdb_tables() where database_name = 'published'").fetchall()}
            remembered = _remembered_signatures(published) if previous else {}
            builds = _incremental_builds(con)
            signatures = {table: _warehouse_signature(con, table, builds.get(table), remembered.get(table))
                          for table in tables}
            published_signatures = {table: remembered.get(table) or _signature(con, "published", "main", table)
                                    for table in previous if table in publishing}
            kept = {table for table, signature in published_signatures.items()
                    if _same_rows(signatures[table], signature)}
            years_written = {table: years for table, signature in published_signatures.items() if table not in kept
                             and (years := _changed_years(signatures[table], signature)) is not None}
            for table in sorted(previous - kept - set(years_written)):
                con.execute(f"drop table published.main.{_quote(table)}")
            written = []
            for table in tables:
                source = f"warehouse.{PUBLISHED_SCHEMA}.{_quote(table)}"
                if table in years_written:
                    in_years = _in_years(years_written[table])
                    con.execute(f"delete from published.main.{_quote(table)} where {in_years}")
                    con.execute(f"insert into published.main.{_quote(table)} select * from {source} where {in_years}")
                elif table not in kept:
                    con.execute(f"create table published.main.{_quote(table)} as select * from {source}")
                if table not in kept:
                    written.append(table)
                rows_by_table[table] = signatures[table]["rows"]
            _copy_changed_comments(con, comments, columns)
            con.execute("detach warehouse")
            con.execute("use memory")
            con.execute("detach published")
        os.replace(staging_file, published)
        _remember_signatures(published, signatures)
    finally:
        staging_file.unlink(missing_ok=True)
    return Publication(published, rows_by_table, written, years_written)


def _copy_changed_comments(con: duckdb.DuckDBPyConnection, comments: dict[str, str | None],
                           columns: list[tuple]) -> None:
    """The warehouse's table and column comments (dbt's descriptions), set where the file's differ."""
    published_tables = dict(con.execute(
        "select table_name, comment from duckdb_tables() where database_name = 'published'").fetchall())
    published_columns = {(table, column): comment for table, column, comment in con.execute(
        "select table_name, column_name, comment from duckdb_columns() where database_name = 'published'").fetchall()}
    for table, comment in published_tables.items():
        if comments.get(table) != comment:
            con.execute(f"comment on table published.main.{_quote(table)} is "
                        f"{_literal(comments[table]) if comments[table] else 'null'}")
    for table, column, comment in columns:
        if published_columns.get((table, column)) != comment:
            con.execute(f"comment on column published.main.{_quote(table)}.{_quote(column)} "
                        f"is {_literal(comment) if comment else 'null'}")


def _columns(con: duckdb.DuckDBPyConnection, database: str, schema: str, table: str) -> list:
    """A table's column names and types, as JSON would hold them."""
    return json.loads(json.dumps(con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = ? "
        "and schema_name = ? and table_name = ? order by column_index", [database, schema, table]).fetchall()))


def _signature(con: duckdb.DuckDBPyConnection, database: str, schema: str, table: str) -> dict:
    """A table's columns, row count and a hash of all its rows (order aside), and the same per school year
    when it has that column, as JSON would hold them."""
    columns = _columns(con, database, schema, table)
    relation = f"{database}.{schema}.{_quote(table)} as t"
    if any(name == PARTITION_COLUMN for name, _ in columns):
        years = [[year, rows, row_hash] for year, rows, row_hash in con.execute(
            f"select cast({PARTITION_COLUMN} as varchar), count(*), sum(hash(t)) from {relation} "
            "group by all order by 1 nulls last").fetchall()]
        total = [sum(rows for _, rows, _ in years), sum(row_hash for _, _, row_hash in years) if years else None]
    else:
        years = None
        total = list(con.execute(f"select count(*), sum(hash(t)) from {relation}").fetchone())
    return json.loads(json.dumps({"columns": columns, "rows": total[0], "hash": total[1], "years": years}))


def _same_rows(signature: dict, other: dict) -> bool:
    return all(signature[key] == other[key] for key in ("columns", "rows", "hash"))


def _changed_years(signature: dict, published: dict) -> list[str | None] | None:
    """The school years whose rows differ between the warehouse's mart and the published one, when replacing
    those years alone is worth it; None when the mart must be written whole."""
    if signature["columns"] != published["columns"] or signature["years"] is None or published["years"] is None:
        return None
    warehouse_years = {year: (rows, row_hash) for year, rows, row_hash in signature["years"]}
    published_years = {year: (rows, row_hash) for year, rows, row_hash in published["years"]}
    changed = sorted((year for year in warehouse_years.keys() | published_years.keys()
                      if warehouse_years.get(year) != published_years.get(year)), key=lambda year: (year is None, year))
    changed_rows = sum(warehouse_years.get(year, (0, None))[0] for year in changed)
    return changed if changed_rows <= MOST_OF_A_MART * signature["rows"] else None


def _in_years(years: list[str | None]) -> str:
    """A predicate on the rows of these school years (None: the rows without one)."""
    listed = ", ".join(_literal(year) for year in years if year is not None)
    terms = ([f"cast({PARTITION_COLUMN} as varchar) in ({listed})"] if listed else []) + (
        [f"{PARTITION_COLUMN} is null"] if None in years else [])
    return " or ".join(terms)


def _incremental_builds(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Each incremental model's last build (its code's fingerprint and when), as JSON would hold it."""
    try:
        rows = con.execute(f"select model_name, fingerprint, cast(built_at as text) from warehouse.{INCREMENTAL_BUILDS}").fetchall()
    except duckdb.CatalogException:  # no incremental model built yet
        return {}
    return {name: [fingerprint, built_at] for name, fingerprint, built_at in rows}


def _warehouse_signature(con: duckdb.DuckDBPyConnection, table: str, build: list | None,
                         remembered: dict | None) -> dict:
    """A mart's signature, with its last build when it is incremental; the remembered one while that
    build is the same (the rows are as they were: only a build writes them)."""
    if (build is not None and remembered is not None and remembered.get("build") == build
            and _columns(con, "warehouse", PUBLISHED_SCHEMA, table) == remembered["columns"]):
        return remembered
    signature = _signature(con, "warehouse", PUBLISHED_SCHEMA, table)
    return signature | {"build": build} if build is not None else signature


def _signatures_file(published: Path) -> Path:
    return published.with_name(published.name + ".signatures.json")


def _file_state(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _remembered_signatures(published: Path) -> dict[str, dict]:
    """The signatures written with the file, if the file is still as publishing left it."""
    try:
        remembered = json.loads(_signatures_file(published).read_text())
        current = remembered["format"] == SIGNATURES_FORMAT and remembered["file"] == _file_state(published)
        return remembered["tables"] if current else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _remember_signatures(published: Path, signatures: dict[str, dict]) -> None:
    record = _signatures_file(published)
    staging = record.with_name(record.name + ".publishing")
    staging.write_text(json.dumps({"format": SIGNATURES_FORMAT, "file": _file_state(published), "tables": signatures}))
    os.replace(staging, record)
