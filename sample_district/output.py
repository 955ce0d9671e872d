"""Random streams and the landing-folder writer shared by all generator modules."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl


def rng_for(seed: int, purpose: str, *keys: int) -> np.random.Generator:
    """Independent generator for one purpose (and e.g. year, month).

    Keying every stream by (seed, purpose, keys) rather than drawing from one
    global generator keeps each file reproducible on its own: changing how one
    file is generated never shifts the random numbers of another.  crc32 (not
    ``hash``) because string hashing is salted per process.
    """
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(purpose.encode()), *keys]))


@dataclass
class GenerationSummary:
    """What :func:`sample_district.generate` wrote."""

    out: Path
    #: Relative POSIX path (e.g. ``sis/attendance/attendance_2025-09.csv``) -> data rows written.
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        """Absolute paths of the files written, in writing order."""
        return [self.out / rel for rel in self.rows]

    @property
    def files_written(self) -> int:
        return len(self.rows)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class Landing:
    """Writes CSVs under the landing folder and records row counts."""

    def __init__(self, out: Path, progress: Callable[[str], None] | None) -> None:
        self.summary = GenerationSummary(out=out)
        self._progress = progress

    def write(self, rel: str, df: pl.DataFrame, columns: list[str] | tuple[str, ...], *, float_precision: int | None = None) -> None:
        """Write ``df`` with exactly ``columns`` (the contract's header order)."""
        if list(df.columns) != list(columns):
            df = df.select(list(columns))
        # Polars quotes "" to tell it apart from null; the contract wants a bare empty
        # field for anything missing, so empty strings become null.
        text = [c for c, t in df.schema.items() if t == pl.String]
        if text:
            df = df.with_columns(pl.col(text).replace("", None))
        path = self.summary.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # Empty string for null and ISO dates are Polars' defaults; pin them anyway
        # because the ingestion contract depends on them.
        df.write_csv(path, null_value="", date_format="%Y-%m-%d", float_precision=float_precision)
        self.summary.rows[rel] = df.height
        if self._progress is not None:
            self._progress(f"{rel}: {df.height:,} rows")
