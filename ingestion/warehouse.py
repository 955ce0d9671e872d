"""Write validated rows into the DuckDB warehouse: schema `raw` for data, `audit` for the record.

Each delivery is written in one transaction (its earlier rows and quarantine replaced, the new
ones inserted, the ingest_log row added), so a failure part-way leaves what was loaded before
exactly as it was. A connection is opened per unit of work (a table's load: `Warehouse.session`)
and closed straight after, so the file is never left locked between steps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ingestion.contract import LINEAGE_COLUMNS, Reference, SourceTable
from ingestion.reading import ROW_NUMBER
from ingestion.validation import ValidationResult

RAW_SCHEMA = "raw"
AUDIT_SCHEMA = "audit"
LOADED_STATUSES = ("loaded", "replaced")

# Type names both DuckDB and PostgreSQL accept, so one DDL serves the warehouse and its mirror.
SQL_TYPES = {pl.Utf8: "text", pl.Int64: "bigint", pl.Float64: "double precision", pl.Boolean: "boolean",
             pl.Date: "date", pl.Datetime: "timestamp with time zone"}

AUDIT_DDL = f"""
create schema if not exists {RAW_SCHEMA};
create schema if not exists {AUDIT_SCHEMA};
create table if not exists {AUDIT_SCHEMA}.ingest_log (
    delivery_id text primary key,
    source_table text not null,
    source_file text not null,
    file_hash text,
    file_bytes bigint,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    status text not null,
    message text,
    started_at timestamp with time zone not null,
    finished_at timestamp with time zone not null,
    run_id text
);
create table if not exists {AUDIT_SCHEMA}.quarantine (
    source_table text not null,
    source_file text not null,
    file_hash text not null,
    row_number bigint not null,
    failed_checks text not null,
    reason text not null,
    raw_values text,
    quarantined_at timestamp with time zone not null
);
-- Which content hash a landing file had at a given size and modification time, so an unchanged
-- file is not read again to hash it (ingestion/load.py). A cache: losing it costs one hashing pass.
create table if not exists {AUDIT_SCHEMA}.landing_file_hashes (
    source_table text not null,
    source_file text not null,
    fingerprint text not null,
    file_hash text not null,
    primary key (source_table, source_file)
);
create or replace view {AUDIT_SCHEMA}.current_deliveries as
select * from (
    select *, row_number() over (partition by source_table, source_file order by finished_at desc) as recency
    from {AUDIT_SCHEMA}.ingest_log
    where status in {LOADED_STATUSES}
) as ranked
where recency = 1;
"""


# Stamped on the audit view: a step finding its own stamp skips the DDL, whose `create or replace view`
# made every connection's close a checkpoint (40 ms of each of the 22 raw-table steps of a run).
AUDIT_DDL_STAMP = "audit ddl " + hashlib.md5(AUDIT_DDL.encode()).hexdigest()[:12]


def _sql_type(dtype: pl.DataType) -> str:
    return SQL_TYPES[dtype.base_type()]  # type: ignore[index]


def _raw_columns(table: SourceTable) -> dict[str, pl.DataType]:
    return {**table.polars_dtypes(), **LINEAGE_COLUMNS}


def create_raw_table_sql(table: SourceTable) -> str:
    ddl = ",\n    ".join(f'"{name}" {_sql_type(dtype)}' for name, dtype in _raw_columns(table).items())
    return f"create table if not exists {RAW_SCHEMA}.{table.name} (\n    {ddl}\n)"


def add_missing_columns_sql(table: SourceTable, existing: set[str]) -> list[str]:
    """Statements that add the columns a contract gained since the table was created."""
    return [f'alter table {RAW_SCHEMA}.{table.name} add column "{name}" {_sql_type(dtype)}'
            for name, dtype in _raw_columns(table).items() if name not in existing]


class WarehouseLocked(RuntimeError):
    pass


@dataclass(frozen=True)
class DeliveryRecord:
    source_file: str
    file_hash: str
    rows_loaded: int
    rows_quarantined: int


class Warehouse:
    def __init__(self, path: Path) -> None:
        self.path = Path(path).resolve()
        self._held: duckdb.DuckDBPyConnection | None = None

    @contextmanager
    def session(self) -> Iterator[None]:
        """Hold one connection for a unit of work made of many steps (one table's load): every
        connect() inside it uses that connection, and it is closed when the unit ends. Opening and
        closing the file per delivery (a checkpoint each time) cost more than writing the rows."""
        if self._held is not None:
            yield
            return
        with self.connect() as con:
            self._held = con
            try:
                yield
            finally:
                self._held = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._held is not None:
            yield self._held
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.path))
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise WarehouseLocked(
                    f"The warehouse {self.path} is open in another process ({str(error).splitlines()[-1].strip()}). "
                    "Close that program (a DuckDB shell, a notebook, a BI tool; BI should read the published "
                    "copy) or wait for the running pipeline to finish, then run again."
                ) from None
            raise
        try:
            yield con
        finally:
            con.close()

    def prepare(self, tables: list[SourceTable] | tuple[SourceTable, ...]) -> None:
        """Create the schemas, audit tables and the raw tables (adding columns a contract gained)."""
        with self.connect() as con:
            stamp = con.execute("select comment from duckdb_views() where schema_name = ? and view_name = ?",
                                [AUDIT_SCHEMA, "current_deliveries"]).fetchone()
            if stamp is None or stamp[0] != AUDIT_DDL_STAMP:
                con.execute(AUDIT_DDL)
                con.execute(f"comment on view {AUDIT_SCHEMA}.current_deliveries is '{AUDIT_DDL_STAMP}'")
            for table in tables:
                self._ensure_raw_table(con, table)

    @staticmethod
    def _ensure_raw_table(con: duckdb.DuckDBPyConnection, table: SourceTable) -> None:
        con.execute(create_raw_table_sql(table))
        # pragma_table_info, not information_schema: a lookup of one table, not a scan of the catalog.
        existing = {row[0] for row in con.execute(
            f"select name from pragma_table_info('{RAW_SCHEMA}.{table.name}')").fetchall()}
        for statement in add_missing_columns_sql(table, existing):
            con.execute(statement)

    def current_deliveries(self, table: str) -> dict[str, DeliveryRecord]:
        with self.connect() as con:
            rows = con.execute(
                f"select source_file, file_hash, rows_loaded, rows_quarantined "
                f"from {AUDIT_SCHEMA}.current_deliveries where source_table = ?", [table]).fetchall()
        return {row[0]: DeliveryRecord(*row) for row in rows}

    def landing_file_hashes(self, table: str) -> dict[str, tuple[str, str]]:
        """{source file: (fingerprint, content hash)} as last seen for the table's landing files."""
        with self.connect() as con:
            rows = con.execute(f"select source_file, fingerprint, file_hash from {AUDIT_SCHEMA}.landing_file_hashes "
                               "where source_table = ?", [table]).fetchall()
        return {source_file: (fingerprint, file_hash) for source_file, fingerprint, file_hash in rows}

    def remember_file_hash(self, table: str, source_file: str, fingerprint: str, file_hash: str) -> None:
        with self.connect() as con:
            con.execute(f"insert or replace into {AUDIT_SCHEMA}.landing_file_hashes values (?, ?, ?, ?)",
                        [table, source_file, fingerprint, file_hash])

    def known_keys(self, references: tuple[Reference, ...]) -> dict[Reference, pl.Series]:
        known = {}
        with self.connect() as con:
            for reference in references:
                union = " union ".join(
                    f'select "{column}" as key from {RAW_SCHEMA}.{reference.parent_table} where "{column}" is not null'
                    for column in reference.parent_columns)
                known[reference] = pl.Series("key", [row[0] for row in con.execute(union).fetchall()], dtype=pl.Utf8)
        return known

    def write_delivery(self, table: SourceTable, source_file: str, file_hash: str, file_bytes: int,
                       result: ValidationResult, status: str, started_at: dt.datetime, run_id: str | None,
                       message: str | None = None) -> None:
        """Replace the file's earlier rows and quarantine with this delivery's, atomically."""
        loaded_at = dt.datetime.now(dt.timezone.utc)
        rows = result.loaded.with_columns(
            pl.lit(source_file).alias("_source_file"),
            pl.lit(file_hash).alias("_file_hash"),
            pl.lit(loaded_at, dtype=LINEAGE_COLUMNS["_loaded_at"]).alias("_loaded_at"),
        )
        quarantine = result.quarantined.select(
            pl.lit(table.name).alias("source_table"),
            pl.lit(source_file).alias("source_file"),
            pl.lit(file_hash).alias("file_hash"),
            pl.col(ROW_NUMBER).alias("row_number"),
            "failed_checks", "reason", "raw_values",
            pl.lit(loaded_at, dtype=LINEAGE_COLUMNS["_loaded_at"]).alias("quarantined_at"),
        )
        with self.connect() as con:
            con.begin()
            try:
                if status == "replaced":
                    # A new file has nothing to replace (rows are only ever written with their log row, in
                    # this transaction), and the delete scans the whole table: at 100M rows, seconds a file.
                    con.execute(f"delete from {RAW_SCHEMA}.{table.name} where _source_file = ?", [source_file])
                    con.execute(f"delete from {AUDIT_SCHEMA}.quarantine where source_table = ? and source_file = ?",
                                [table.name, source_file])
                # Polars' own string layout (Arrow string views), which DuckDB reads as is: the default
                # conversion to large strings copied every value (about a fifth of the insert).
                con.register("incoming_rows", rows.to_arrow(compat_level=pl.CompatLevel.newest()))
                con.execute(f"insert into {RAW_SCHEMA}.{table.name} by name select * from incoming_rows")
                con.register("incoming_quarantine", quarantine.to_arrow(compat_level=pl.CompatLevel.newest()))
                con.execute(f"insert into {AUDIT_SCHEMA}.quarantine by name select * from incoming_quarantine")
                con.unregister("incoming_rows")  # a held connection would otherwise keep the frames alive
                con.unregister("incoming_quarantine")
                self._log(con, table.name, source_file, file_hash, file_bytes, result.rows_read,
                          result.loaded.height, result.quarantined.height, status, message, started_at, run_id)
                con.commit()
            except BaseException:
                con.rollback()
                raise

    def log_outcome(self, table: str, source_file: str, file_hash: str | None, file_bytes: int | None,
                    status: str, message: str, started_at: dt.datetime, run_id: str | None) -> None:
        """Record a delivery that loaded nothing (failed, or a duplicate of another file)."""
        with self.connect() as con:
            self._log(con, table, source_file, file_hash, file_bytes, 0, 0, 0, status, message, started_at, run_id)

    @staticmethod
    def _log(con: duckdb.DuckDBPyConnection, table: str, source_file: str, file_hash: str | None,
             file_bytes: int | None, rows_read: int, rows_loaded: int, rows_quarantined: int, status: str,
             message: str | None, started_at: dt.datetime, run_id: str | None) -> None:
        con.execute(
            f"insert into {AUDIT_SCHEMA}.ingest_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), table, source_file, file_hash, file_bytes, rows_read, rows_loaded,
             rows_quarantined, status, message, started_at, dt.datetime.now(dt.timezone.utc), run_id],
        )
