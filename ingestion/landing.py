"""Find the files in a landing folder and route each one to the source table it feeds.

The landing folder has one subfolder per source family (sis/, assessments/, surveys/,
improvement/). Inside a family folder:
- a OneRoster bundle is a folder or .zip holding manifest.csv; its files go to the oneroster tables;
- a CSV whose header carries a table's signature goes to that table (the MAP export);
- otherwise the file name decides (e.g. attendance*.csv); a family may have a catch-all table.
A file that fits nothing is reported as unrecognised, never silently skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from ingestion.contract import SourceTable, header_key
from ingestion.registry import FAMILIES, SOURCE_TABLES

MANIFEST = "manifest.csv"
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class Delivery:
    """One delivered file: a CSV on disk, or a member of a zipped OneRoster bundle."""

    table: str
    identity: str  # path relative to the landing folder; zip members as <zip path>/<member>
    path: Path
    member: str | None = None

    def open_source(self) -> Path | bytes:
        """What Polars reads: the path itself, or the member's bytes for a zip."""
        if self.member is None:
            return self.path
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(self.member)

    def head(self, size: int = 65536) -> bytes:
        if self.member is None:
            with self.path.open("rb") as handle:
                return handle.read(size)
        with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
            return handle.read(size)

    def size(self) -> int:
        if self.member is None:
            return self.path.stat().st_size
        with zipfile.ZipFile(self.path) as archive:
            return archive.getinfo(self.member).file_size

    def fingerprint(self) -> str:
        """Size and modification time of the file on disk (the zip for a member): cheap to read, and
        unchanged unless the file was rewritten. What was loaded is decided by content hash; this only
        spares hashing a file whose fingerprint is the one recorded with its hash."""
        stat = self.path.stat()
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    def file_hash(self) -> str:
        digest = hashlib.sha256()
        if self.member is None:
            with self.path.open("rb") as handle:
                while chunk := handle.read(_HASH_CHUNK):
                    digest.update(chunk)
        else:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
                while chunk := handle.read(_HASH_CHUNK):
                    digest.update(chunk)
        return digest.hexdigest()


@dataclass
class LandingScan:
    deliveries: dict[str, list[Delivery]] = field(default_factory=dict)
    # Problems found while routing (a bundle missing a file its manifest promises), per table.
    problems: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    unrecognised: list[tuple[str, str]] = field(default_factory=list)  # (file, why)

    def for_table(self, table: str) -> list[Delivery]:
        return self.deliveries.get(table, [])

    def add(self, delivery: Delivery) -> None:
        self.deliveries.setdefault(delivery.table, []).append(delivery)

    def problem(self, table: str, identity: str, message: str) -> None:
        self.problems.setdefault(table, []).append((identity, message))


def _visible_files(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in relative.parts):
            continue  # editor and OS droppings (.DS_Store, ~$lock files)
        if path.is_file():
            yield path


def header_keys(data: bytes) -> set[str]:
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    first_line = text.splitlines()[0] if text else ""
    row = next(csv.reader([first_line]), [])
    return {header_key(name) for name in row}


def _oneroster_tables() -> dict[str, SourceTable]:
    return {table.oneroster_file: table for table in SOURCE_TABLES if table.oneroster_file}


def _manifest_entries(data: bytes) -> dict[str, str]:
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    entries = {}
    for row in csv.reader(io.StringIO(text)):
        if len(row) >= 2:
            entries[row[0].strip().lower()] = row[1].strip().lower()
    return entries


def _add_bundle(scan: LandingScan, landing: Path, bundle_path: Path, members: dict[str, str],
                manifest: dict[str, str], is_zip: bool) -> None:
    """members: lower-case file name -> name inside the bundle; manifest keys are lower-case."""
    bundle_id = bundle_path.relative_to(landing).as_posix()
    by_file = _oneroster_tables()
    for lower_name, actual in sorted(members.items()):
        table = by_file.get(lower_name)
        identity = f"{bundle_id}/{PurePosixPath(actual).name}"
        if table is None:
            scan.unrecognised.append((identity, "OneRoster file Continuum does not ingest"))
            continue
        mode = manifest.get(f"file.{lower_name[:-4]}", "bulk")
        if mode == "delta":
            scan.problem(table.name, identity,
                         f"is marked 'delta' in {bundle_id}/manifest.csv; Continuum loads bulk files only. "
                         "Export a bulk (full) OneRoster file instead.")
            continue
        if is_zip:
            scan.add(Delivery(table.name, identity, bundle_path, member=actual))
        else:
            scan.add(Delivery(table.name, identity, bundle_path / actual))
    for lower_name, table in by_file.items():
        if lower_name == MANIFEST or lower_name in members:
            continue
        mode = manifest.get(f"file.{lower_name[:-4]}")
        if mode in ("bulk", "delta"):
            scan.problem(table.name, f"{bundle_id}/{lower_name}",
                         f"is listed as '{mode}' in {bundle_id}/manifest.csv but the bundle has no such file. "
                         "Re-export the complete bundle.")


def _scan_sis_bundles(scan: LandingScan, landing: Path, family_dir: Path) -> set[Path]:
    """Register every OneRoster bundle under sis/; return the files that belong to bundles."""
    claimed: set[Path] = set()
    for manifest_path in sorted(family_dir.rglob("*")):
        if manifest_path.is_file() and manifest_path.name.lower() == MANIFEST:
            folder = manifest_path.parent
            members = {p.name.lower(): p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"}
            _add_bundle(scan, landing, folder, members, _manifest_entries(manifest_path.read_bytes()), is_zip=False)
            claimed.update(p for p in folder.iterdir() if p.is_file())
    for zip_path in sorted(family_dir.rglob("*.zip")):
        try:
            with zipfile.ZipFile(zip_path) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(".csv") and not n.endswith("/")]
                manifest_names = [n for n in names if PurePosixPath(n).name.lower() == MANIFEST]
                if not manifest_names:
                    continue
                root = PurePosixPath(manifest_names[0]).parent
                members = {PurePosixPath(n).name.lower(): n for n in names if PurePosixPath(n).parent == root}
                manifest = _manifest_entries(archive.read(manifest_names[0]))
        except zipfile.BadZipFile:
            scan.unrecognised.append((zip_path.relative_to(landing).as_posix(), "not a readable zip file"))
            claimed.add(zip_path)
            continue
        _add_bundle(scan, landing, zip_path, members, manifest, is_zip=True)
        claimed.add(zip_path)
    return claimed


def route_file(tables: list[SourceTable], path: Path) -> SourceTable | None:
    """Which table a plain CSV in a family folder feeds: header signature, then name, then catch-all."""
    signed = [table for table in tables if table.header_signature]
    if signed:
        with path.open("rb") as handle:
            keys = header_keys(handle.read(65536))
        for table in signed:
            if table.header_signature <= keys:
                return table
    name = path.name.lower()
    for table in tables:
        if any(fnmatch(name, pattern) for pattern in table.file_patterns):
            return table
    return next((table for table in tables if table.catch_all), None)


def scan_landing(landing: Path) -> LandingScan:
    """Route every file under the landing folder; nothing is left unaccounted for."""
    scan = LandingScan()
    for family in FAMILIES:
        family_dir = landing / family
        if not family_dir.is_dir():
            continue
        tables = [table for table in SOURCE_TABLES if table.family == family and not table.oneroster_file]
        claimed = _scan_sis_bundles(scan, landing, family_dir) if family == "sis" else set()
        for path in _visible_files(family_dir):
            if path in claimed:
                continue
            identity = path.relative_to(landing).as_posix()
            if path.suffix.lower() != ".csv":
                scan.unrecognised.append((identity, "not a .csv file"))
                continue
            table = route_file(tables, path)
            if table is None:
                expected = ", ".join(p for t in tables for p in t.file_patterns)
                scan.unrecognised.append((identity, f"file name matches no {family} extract ({expected})"))
            else:
                scan.add(Delivery(table.name, identity, path))
    for path in _visible_files(landing):
        if path.relative_to(landing).parts[0] not in FAMILIES:
            scan.unrecognised.append((path.relative_to(landing).as_posix(),
                                      f"outside the family folders ({', '.join(FAMILIES)})"))
    return scan
