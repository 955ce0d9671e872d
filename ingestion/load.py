"""Load one source table: every delivered file is read, validated and written, or reported.

Per file, by its path in the landing folder and its content hash:
- same path, same hash as what is loaded: unchanged, nothing happens;
- same content as another file already loaded for this table: a duplicate, logged and skipped;
- new path: loaded; same path with new content (a corrected re-delivery): its rows replaced;
- a file-level problem: logged as failed, nothing written; the table's load then raises
  IngestionFailed after the other files are done, naming every failed file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingestion.contract import SourceTable
from ingestion.landing import Delivery, LandingScan, scan_landing
from ingestion.reading import FileProblem, read_delivery
from ingestion.validation import validate
from ingestion.warehouse import Warehouse


@dataclass
class FileOutcome:
    source_file: str
    status: str  # loaded, replaced, unchanged, duplicate, failed
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    message: str = ""
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class TableLoadReport:
    table: str
    files: list[FileOutcome] = field(default_factory=list)
    preview: pl.DataFrame | None = None  # a few loaded rows of the last file written

    def count(self, attribute: str) -> int:
        return sum(getattr(outcome, attribute) for outcome in self.files)

    def with_status(self, *statuses: str) -> list[FileOutcome]:
        return [outcome for outcome in self.files if outcome.status in statuses]

    @property
    def failed(self) -> list[FileOutcome]:
        return self.with_status("failed")


class IngestionFailed(RuntimeError):
    def __init__(self, report: TableLoadReport) -> None:
        self.report = report
        lines = [f"- {outcome.message}" for outcome in report.failed]
        super().__init__(
            f"{len(report.failed)} file(s) for raw.{report.table} could not be loaded; data loaded before is "
            f"unchanged and the other files were processed:\n" + "\n".join(lines)
        )


def _load_file(table: SourceTable, delivery: Delivery, file_hash: str, status: str, warehouse: Warehouse,
               known: dict, run_id: str | None, started_at: dt.datetime) -> tuple[FileOutcome, pl.DataFrame]:
    raw = read_delivery(table, delivery)
    result = validate(table, raw, known)
    message = f"ignored columns not in the contract: {', '.join(raw.ignored_columns)}" if raw.ignored_columns else None
    warehouse.write_delivery(table, delivery.identity, file_hash, delivery.size(), result, status,
                             started_at, run_id, message)
    outcome = FileOutcome(delivery.identity, status, result.rows_read, result.loaded.height,
                          result.quarantined.height, message or "", raw.ignored_columns)
    return outcome, result.loaded.head(5)


def load_table(table: SourceTable, landing: Path, warehouse: Warehouse, *, run_id: str | None = None,
               scan: LandingScan | None = None, log: Callable[[str], None] = lambda _: None) -> TableLoadReport:
    """Bring raw.<table> up to date with the landing folder. Raises IngestionFailed if any file failed."""
    with warehouse.session():
        report = _load_table(table, landing, warehouse, run_id, scan or scan_landing(landing), log)
    if report.failed:
        raise IngestionFailed(report)
    return report


def _load_table(table: SourceTable, landing: Path, warehouse: Warehouse, run_id: str | None, scan: LandingScan,
                log: Callable[[str], None]) -> TableLoadReport:
    report = TableLoadReport(table.name)
    current = warehouse.current_deliveries(table.name)
    loaded_hashes = {record.file_hash: name for name, record in current.items()}
    known = warehouse.known_keys(table.references)
    for identity, problem in scan.problems.get(table.name, []):
        warehouse.log_outcome(table.name, identity, None, None, "failed", f"{identity} {problem}",
                              dt.datetime.now(dt.timezone.utc), run_id)
        report.files.append(FileOutcome(identity, "failed", message=f"{identity} {problem}"))
    for delivery in scan.for_table(table.name):
        started_at = dt.datetime.now(dt.timezone.utc)
        file_hash = delivery.file_hash()
        earlier = current.get(delivery.identity)
        if earlier is not None and earlier.file_hash == file_hash:
            report.files.append(FileOutcome(delivery.identity, "unchanged"))
            continue
        twin = loaded_hashes.get(file_hash)
        if twin is not None and twin != delivery.identity:
            message = f"{delivery.identity} has the same content as {twin}, which is already loaded; skipped"
            warehouse.log_outcome(table.name, delivery.identity, file_hash, delivery.size(), "duplicate",
                                  message, started_at, run_id)
            report.files.append(FileOutcome(delivery.identity, "duplicate", message=message))
            log(message)
            continue
        status = "replaced" if earlier is not None else "loaded"
        try:
            outcome, preview = _load_file(table, delivery, file_hash, status, warehouse, known, run_id, started_at)
        except FileProblem as problem:
            warehouse.log_outcome(table.name, delivery.identity, file_hash, delivery.size(), "failed",
                                  str(problem), started_at, run_id)
            report.files.append(FileOutcome(delivery.identity, "failed", message=str(problem)))
            log(f"FAILED {problem}")
            continue
        report.files.append(outcome)
        report.preview = preview
        loaded_hashes[file_hash] = delivery.identity
        log(f"{status} {delivery.identity}: {outcome.rows_loaded} rows loaded, {outcome.rows_quarantined} quarantined")
    return report
