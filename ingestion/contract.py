"""What a source table is: its Pandera model (the column contract) plus how its files are found.

Each source family module (`ingestion/sis`, `ingestion/assessments`, ...) declares its tables
with `SourceTable`; `ingestion/registry.py` collects them. Everything else (reading, validating,
loading, the Dagster assets and the generated docs) is driven from these declarations, so a
column is defined exactly once: in its Pandera model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandera.polars as pa
import polars as pl

# Lineage columns added to every raw table.
LINEAGE_COLUMNS: dict[str, pl.DataType] = {
    "_source_file": pl.Utf8(),
    "_file_hash": pl.Utf8(),
    "_row_number": pl.Int64(),
    "_loaded_at": pl.Datetime("us", "UTC"),
}


def dates_in_order(frame: pl.LazyFrame, earlier: str, later: str) -> pl.LazyFrame:
    """Row check for contracts: `later` is not before `earlier`; a missing date is not a violation
    (whether a date may be missing is the column's own nullable rule)."""
    return frame.select(pl.col(earlier).is_null() | pl.col(later).is_null() | (pl.col(later) >= pl.col(earlier)))


def header_key(name: str) -> str:
    """Case- and punctuation-insensitive key for matching a file's header to a contract column.

    Vendors change header case between years (TestRITScore vs testritscore) and separators
    (Student_StateID vs StudentStateID); matching on this key absorbs both.
    """
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Reference:
    """A foreign key checked at ingestion: rows whose value is unknown are quarantined."""

    column: str
    parent_table: str
    parent_columns: tuple[str, ...]
    what: str  # the thing referenced, in words a data engineer uses ("student", "school")


@dataclass(frozen=True)
class SourceTable:
    """One raw table: its contract, where its files are in the landing folder, its references."""

    name: str
    family: str
    model: type[pa.DataFrameModel]
    description: str
    # How files are routed to this table (see ingestion/landing.py):
    file_patterns: tuple[str, ...] = ()  # fnmatch on the lower-case file name
    oneroster_file: str | None = None  # the file's name inside a OneRoster bundle
    header_signature: frozenset[str] = frozenset()  # header keys that identify the format
    catch_all: bool = False  # takes the family's CSV files nothing else claimed
    # Older or vendor header names -> contract column (keys compared with header_key).
    aliases: dict[str, str] = field(default_factory=dict)
    # Columns read but deliberately never stored (credentials).
    discarded_columns: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()

    @property
    def schema(self) -> pa.DataFrameSchema:
        return self.model.to_schema()

    @property
    def columns(self) -> dict[str, pa.Column]:
        return dict(self.schema.columns)

    @property
    def required_columns(self) -> list[str]:
        return [name for name, col in self.columns.items() if col.required]

    @property
    def parent_tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ref.parent_table for ref in self.references))

    def column_for_header(self) -> dict[str, str]:
        """Header key -> contract column, including aliases and discarded columns."""
        lookup = {header_key(name): name for name in self.columns}
        lookup.update({header_key(alias): target for alias, target in self.aliases.items()})
        lookup.update({header_key(name): name for name in self.discarded_columns})
        return lookup

    def polars_dtypes(self) -> dict[str, pl.DataType]:
        return {name: col.dtype.type for name, col in self.columns.items()}

    def date_formats(self, column: str) -> tuple[str, ...]:
        metadata: dict[str, Any] = self.columns[column].metadata or {}
        return tuple(metadata.get("date_formats", ("%Y-%m-%d",)))
