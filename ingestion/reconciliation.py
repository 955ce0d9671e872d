"""Do the counts reconcile? For every file currently loaded into a raw table:
rows read = rows loaded + rows quarantined (as logged), the raw table holds exactly the logged
number of rows for that file and hash, and audit.quarantine exactly the quarantined ones; and
the raw table holds no row that no current delivery accounts for. A raw row's file and hash are
written together by the loader, and a file's content is loaded once, so the raw table is counted by
hash (much cheaper than by file and hash, every run, on the largest tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from ingestion.warehouse import AUDIT_SCHEMA, RAW_SCHEMA, Warehouse


@dataclass
class Reconciliation:
    table: str
    files: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def quarantine_rate(self) -> float:
        return self.rows_quarantined / self.rows_read if self.rows_read else 0.0


def reconcile(warehouse: Warehouse, table: str) -> Reconciliation:
    result = Reconciliation(table)
    with warehouse.connect() as con:
        deliveries = {(source_file, file_hash): counts for source_file, file_hash, *counts in con.execute(
            f"select source_file, file_hash, rows_read, rows_loaded, rows_quarantined "
            f"from {AUDIT_SCHEMA}.current_deliveries where source_table = ?", [table]).fetchall()}
        raw_rows = _raw_rows_by_delivery(con, table, deliveries)
        quarantine_rows = {(source_file, file_hash): n for source_file, file_hash, n in con.execute(
            f"select source_file, file_hash, count(*) from {AUDIT_SCHEMA}.quarantine "
            "where source_table = ? group by all", [table]).fetchall()}
    every_key = deliveries.keys() | raw_rows.keys() | quarantine_rows.keys()
    for key in sorted(every_key, key=lambda key: (str(key[0]), str(key[1]))):
        source_file, in_raw, in_quarantine = key[0], raw_rows.get(key, 0), quarantine_rows.get(key, 0)
        if key not in deliveries:
            result.problems.append(f"{source_file}: {in_raw} raw and {in_quarantine} quarantined rows "
                                   "belong to no current delivery")
            continue
        read, loaded, quarantined = deliveries[key]
        result.files += 1
        result.rows_read += read
        result.rows_loaded += loaded
        result.rows_quarantined += quarantined
        if read != loaded + quarantined:
            result.problems.append(f"{source_file}: read {read} != loaded {loaded} + quarantined {quarantined}")
        if in_raw != loaded:
            result.problems.append(f"{source_file}: raw.{table} holds {in_raw} rows, the log says {loaded}")
        if in_quarantine != quarantined:
            result.problems.append(f"{source_file}: audit.quarantine holds {in_quarantine} rows, "
                                   f"the log says {quarantined}")
    return result


def _raw_rows_by_delivery(con: duckdb.DuckDBPyConnection, table: str,
                          deliveries: dict[tuple[str, str], list]) -> dict[tuple[str, str], int]:
    """The raw table's rows per (source file, file hash). Counted by file hash alone where the current
    deliveries' hashes are distinct (the loader skips a file whose content is already loaded): grouping
    90M attendance rows by one text column took a quarter of the time of grouping by both (0.3 against
    1.2 s at 100k students, on every run). Rows of a hash no current delivery has are counted by file too."""
    def by_file_and_hash(where: str = "", parameters: list | None = None) -> dict[tuple[str, str], int]:
        return {(source_file, file_hash): n for source_file, file_hash, n in con.execute(
            f"select _source_file, _file_hash, count(*) from {RAW_SCHEMA}.{table} {where} group by all",
            parameters).fetchall()}

    file_of_hash = {file_hash: source_file for source_file, file_hash in deliveries}
    if len(file_of_hash) < len(deliveries):
        return by_file_and_hash()
    by_hash = dict(con.execute(f"select _file_hash, count(*) from {RAW_SCHEMA}.{table} group by all").fetchall())
    counts = {(file_of_hash[file_hash], file_hash): n for file_hash, n in by_hash.items() if file_hash in file_of_hash}
    unknown = [file_hash for file_hash in by_hash if file_hash not in file_of_hash]
    if unknown:
        counts.update(by_file_and_hash("where list_contains(?, _file_hash)", [unknown]))
    return counts
