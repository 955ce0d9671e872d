"""Load one source table: every delivered file is read, validated and written, or reported.

Per file, by its path in the landing folder and its content hash:
- same path, same hash as what is loaded: unchanged, nothing happens (a file whose size and
  modification time are those recorded with its hash is not even read to hash it);
- same content as another file already loaded for this table: a duplicate, logged and skipped;
- new path: loaded; same path with new content (a corrected re-delivery): its rows replaced;
- a file-level problem: logged as failed, nothing written; the table's load then raises
  IngestionFailed after the other files are done, naming every failed file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingestion.contract import SourceTable
from ingestion.landing import Delivery, LandingScan, scan_landing
from ingestion.reading import FileProblem, RawFrame, read_delivery
from ingestion.validation import ValidationResult, validate
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


@dataclass
class _Prepared:
    """A delivery hashed and, unless its content is already loaded, read and validated."""

    delivery: Delivery
    file_hash: str
    started_at: dt.datetime
    checked: tuple[RawFrame, ValidationResult] | FileProblem | None = None  # None: not read


def _check(table: SourceTable, delivery: Delivery, known: dict) -> tuple[RawFrame, ValidationResult] | FileProblem:
    try:
        raw = read_delivery(table, delivery)
        return raw, validate(table, raw, known)
    except FileProblem as problem:
        return problem


def _prepare(table: SourceTable, delivery: Delivery, loaded_hashes: frozenset[str], known: dict) -> _Prepared:
    started_at = dt.datetime.now(dt.timezone.utc)
    file_hash = delivery.file_hash()
    if file_hash in loaded_hashes:  # unchanged, or a duplicate of a loaded file: nothing to read
        return _Prepared(delivery, file_hash, started_at)
    return _Prepared(delivery, file_hash, started_at, _check(table, delivery, known))


def _prepared_in_order(table: SourceTable, deliveries: list[Delivery], loaded_hashes: frozenset[str],
                       known: dict) -> Iterator[_Prepared]:
    """Each delivery prepared, in order. The next one is prepared in a thread while the caller writes this
    one: Polars and DuckDB release the GIL, and neither keeps both cores busy on its own, so hashing, reading
    and validating file N+1 overlaps DuckDB writing file N. At most two files' frames are held at once."""
    if not deliveries:
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        upcoming = pool.submit(_prepare, table, deliveries[0], loaded_hashes, known)
        for following in deliveries[1:]:
            prepared = upcoming.result()
            upcoming = pool.submit(_prepare, table, following, loaded_hashes, known)
            yield prepared
        yield upcoming.result()


def _write_file(table: SourceTable, prepared: _Prepared, checked: tuple[RawFrame, ValidationResult], status: str,
                warehouse: Warehouse, run_id: str | None) -> tuple[FileOutcome, pl.DataFrame]:
    raw, result = checked
    identity = prepared.delivery.identity
    message = f"ignored columns not in the contract: {', '.join(raw.ignored_columns)}" if raw.ignored_columns else None
    warehouse.write_delivery(table, identity, prepared.file_hash, prepared.delivery.size(), result, status,
                             prepared.started_at, run_id, message)
    outcome = FileOutcome(identity, status, result.rows_read, result.loaded.height,
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
    for identity, problem in scan.problems.get(table.name, []):
        warehouse.log_outcome(table.name, identity, None, None, "failed", f"{identity} {problem}",
                              dt.datetime.now(dt.timezone.utc), run_id)
        report.files.append(FileOutcome(identity, "failed", message=f"{identity} {problem}"))
    remembered = warehouse.landing_file_hashes(table.name)
    fingerprints = {delivery.identity: delivery.fingerprint() for delivery in scan.for_table(table.name)}
    deliveries = []
    for delivery in scan.for_table(table.name):
        earlier = current.get(delivery.identity)
        if earlier is not None and remembered.get(delivery.identity) == (fingerprints[delivery.identity],
                                                                          earlier.file_hash):
            report.files.append(FileOutcome(delivery.identity, "unchanged"))
        else:
            deliveries.append(delivery)
    # The keys other tables hold, for the contract's references: read only when a file may be read.
    known = warehouse.known_keys(table.references) if deliveries else {}
    for prepared in _prepared_in_order(table, deliveries, frozenset(loaded_hashes), known):
        delivery, file_hash, started_at = prepared.delivery, prepared.file_hash, prepared.started_at
        if remembered.get(delivery.identity) != (fingerprints[delivery.identity], file_hash):
            warehouse.remember_file_hash(table.name, delivery.identity, fingerprints[delivery.identity], file_hash)
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
        checked = prepared.checked or _check(table, delivery, known)
        if isinstance(checked, FileProblem):
            warehouse.log_outcome(table.name, delivery.identity, file_hash, delivery.size(), "failed",
                                  str(checked), started_at, run_id)
            report.files.append(FileOutcome(delivery.identity, "failed", message=str(checked)))
            log(f"FAILED {checked}")
            continue
        outcome, preview = _write_file(table, prepared, checked, status, warehouse, run_id)
        report.files.append(outcome)
        report.preview = preview
        loaded_hashes[file_hash] = delivery.identity
        log(f"{status} {delivery.identity}: {outcome.rows_loaded} rows loaded, {outcome.rows_quarantined} quarantined")
    return report
