"""Helpers shared by the sample_district tests."""

from __future__ import annotations

from pathlib import Path

import polars as pl

SMALL = dict(students=300, schools=4, years=2, seed=42, end_year=2026)
# Large enough that effect estimates have standard errors well inside the tolerances.
EFFECTS = dict(students=6000, schools=4, years=2, seed=7, end_year=2026)
LABELS = ("2024-2025", "2025-2026")


def read(path: Path) -> pl.DataFrame:
    """Read a landing CSV exactly as text (no type inference); empty field -> null."""
    return pl.read_csv(path, infer_schema=False)


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def header(path: Path) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.readline().rstrip("\n")
