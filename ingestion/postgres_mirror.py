"""Mirror the raw and audit layers from the DuckDB ingest store into PostgreSQL.

Ingestion always validates and loads into DuckDB (one code path, the same checks). When the
warehouse target is PostgreSQL, each raw table is then mirrored file by file: a delivery whose
(file, hash) PostgreSQL does not hold yet has its rows and quarantine replaced there in one
transaction, so the PostgreSQL copy is never half-updated and unchanged files cost nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import duckdb
import polars as pl
import psycopg2

from ingestion.contract import SourceTable
from ingestion.warehouse import (AUDIT_DDL, AUDIT_SCHEMA, RAW_SCHEMA, Warehouse, add_missing_columns_sql,
                                 create_raw_table_sql)


@dataclass(frozen=True)
class PostgresTarget:
    host: str
    port: int
    user: str
    password: str
    database: str

    def connect(self) -> psycopg2.extensions.connection:
        return psycopg2.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                                dbname=self.database)


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> pl.DataFrame:
    # DuckDB 2.0 results have no .pl(); Arrow is the zero-copy way into Polars.
    return pl.from_arrow(con.sql(sql, params=params).to_arrow_table())  # type: ignore[return-value]


def _copy(cursor: psycopg2.extensions.cursor, table: str, frame: pl.DataFrame) -> None:
    if frame.height == 0:
        return
    buffer = io.BytesIO()
    frame.write_csv(buffer, null_value="\\N", datetime_format="%Y-%m-%dT%H:%M:%S%.f%z")
    buffer.seek(0)
    columns = ", ".join(f'"{name}"' for name in frame.columns)
    cursor.copy_expert(f"copy {table} ({columns}) from stdin with (format csv, header true, null '\\N')", buffer)


def _ensure_tables(cursor: psycopg2.extensions.cursor, table: SourceTable) -> None:
    """The same tables as the DuckDB ingest store: one DDL serves both (ingestion/warehouse.py)."""
    cursor.execute(AUDIT_DDL)
    cursor.execute(create_raw_table_sql(table))
    cursor.execute("select column_name from information_schema.columns where table_schema = %s and table_name = %s",
                   [RAW_SCHEMA, table.name])
    for statement in add_missing_columns_sql(table, {row[0] for row in cursor.fetchall()}):
        cursor.execute(statement)


def mirror_table(table: SourceTable, warehouse: Warehouse, target: PostgresTarget) -> int:
    """Bring PostgreSQL's raw.<table> and its audit rows level with DuckDB; returns files copied."""
    with warehouse.connect() as source:
        wanted = dict(source.execute(f"select source_file, file_hash from {AUDIT_SCHEMA}.current_deliveries "
                                     "where source_table = ?", [table.name]).fetchall())
        log = _frame(source, f"select * from {AUDIT_SCHEMA}.ingest_log where source_table = ?", [table.name])
        pg = target.connect()
        try:
            with pg, pg.cursor() as cursor:
                _ensure_tables(cursor, table)
                cursor.execute(f"select source_file, file_hash from {AUDIT_SCHEMA}.current_deliveries "
                               "where source_table = %s", [table.name])
                held = dict(cursor.fetchall())
            stale = sorted(name for name, file_hash in wanted.items() if held.get(name) != file_hash)
            gone = sorted(set(held) - set(wanted))
            for source_file in [*stale, *gone]:
                _mirror_file(source, pg, table, source_file, log)
            _append_new_log_rows(pg, table, log)
        finally:
            pg.close()
    return len(stale)


def _mirror_file(source: duckdb.DuckDBPyConnection, pg: psycopg2.extensions.connection, table: SourceTable,
                 source_file: str, log: pl.DataFrame) -> None:
    rows = _frame(source, f"select * from {RAW_SCHEMA}.{table.name} where _source_file = ?", [source_file])
    quarantine = _frame(source, f"select * from {AUDIT_SCHEMA}.quarantine where source_table = ? and source_file = ?",
                        [table.name, source_file])
    with pg, pg.cursor() as cursor:
        cursor.execute(f"delete from {RAW_SCHEMA}.{table.name} where _source_file = %s", [source_file])
        cursor.execute(f"delete from {AUDIT_SCHEMA}.quarantine where source_table = %s and source_file = %s",
                       [table.name, source_file])
        cursor.execute(f"delete from {AUDIT_SCHEMA}.ingest_log where source_table = %s and source_file = %s",
                       [table.name, source_file])
        _copy(cursor, f"{RAW_SCHEMA}.{table.name}", rows)
        _copy(cursor, f"{AUDIT_SCHEMA}.quarantine", quarantine)
        _copy(cursor, f"{AUDIT_SCHEMA}.ingest_log", log.filter(pl.col("source_file") == source_file))


def _append_new_log_rows(pg: psycopg2.extensions.connection, table: SourceTable, log: pl.DataFrame) -> None:
    """Failed and duplicate deliveries change no rows but belong in the log."""
    with pg, pg.cursor() as cursor:
        cursor.execute(f"select delivery_id from {AUDIT_SCHEMA}.ingest_log where source_table = %s", [table.name])
        held = {row[0] for row in cursor.fetchall()}
        _copy(cursor, f"{AUDIT_SCHEMA}.ingest_log", log.filter(~pl.col("delivery_id").is_in(list(held))))
