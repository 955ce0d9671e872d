"""Do the counts reconcile? For every file currently loaded into a raw table:
rows read = rows loaded + rows quarantined (as logged), the raw table holds exactly the logged
number of rows for that file and hash, and audit.quarantine exactly the quarantined ones; and
the raw table holds no row that no current delivery accounts for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
        rows = con.execute(
            f"""
            with deliveries as (
                select source_file, file_hash, rows_read, rows_loaded, rows_quarantined
                from {AUDIT_SCHEMA}.current_deliveries
                where source_table = $table
            ),
            raw_counts as (
                select _source_file as source_file, _file_hash as file_hash, count(*) as n
                from {RAW_SCHEMA}.{table}
                group by all
            ),
            quarantine_counts as (
                select source_file, file_hash, count(*) as n
                from {AUDIT_SCHEMA}.quarantine
                where source_table = $table
                group by all
            )
            select
                coalesce(d.source_file, r.source_file, q.source_file) as source_file,
                d.file_hash is not null as is_current,
                d.rows_read, d.rows_loaded, d.rows_quarantined,
                coalesce(r.n, 0) as raw_rows,
                coalesce(q.n, 0) as quarantine_rows
            from deliveries as d
            full outer join raw_counts as r using (source_file, file_hash)
            full outer join quarantine_counts as q using (source_file, file_hash)
            order by source_file
            """,
            {"table": table},
        ).fetchall()
    for source_file, is_current, read, loaded, quarantined, raw_rows, quarantine_rows in rows:
        if not is_current:
            result.problems.append(f"{source_file}: {raw_rows} raw and {quarantine_rows} quarantined rows "
                                   "belong to no current delivery")
            continue
        result.files += 1
        result.rows_read += read
        result.rows_loaded += loaded
        result.rows_quarantined += quarantined
        if read != loaded + quarantined:
            result.problems.append(f"{source_file}: read {read} != loaded {loaded} + quarantined {quarantined}")
        if raw_rows != loaded:
            result.problems.append(f"{source_file}: raw.{table} holds {raw_rows} rows, the log says {loaded}")
        if quarantine_rows != quarantined:
            result.problems.append(f"{source_file}: audit.quarantine holds {quarantine_rows} rows, "
                                   f"the log says {quarantined}")
    return result
