"""Top-level orchestration of the sample district generator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .assessments import write_assessments
from .attendance import write_attendance
from .improvement import write_improvement
from .oneroster import write_bundle
from .output import GenerationSummary, Landing
from .programs import write_programs
from .roster import build_district
from .surveys import write_surveys


def generate(
    out: Path,
    *,
    students: int = 2000,
    schools: int = 6,
    years: int = 3,
    seed: int = 42,
    end_year: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> GenerationSummary:
    """Write a deterministic synthetic district's raw extracts under ``out``.

    ``students`` active students per school year, ``schools`` schools, ``years``
    school years ending with the one whose spring is in ``end_year``.  The
    output depends only on the arguments: the same arguments give byte-identical
    files.  Existing files at the same paths are overwritten; other files in
    ``out`` are left alone.
    """
    for name, value, low in (("students", students, 1), ("schools", schools, 1), ("years", years, 1), ("seed", seed, 0)):
        if not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    if not 1900 < end_year < 10_000:
        raise ValueError(f"end_year out of range: {end_year!r}")
    out = Path(out)
    district = build_district(students=students, schools=schools, years=years, seed=seed, end_year=end_year)
    landing = Landing(out, progress)
    for roster in district.rosters:
        write_bundle(district, roster, landing)
        write_programs(district, roster, landing)
    write_assessments(district, landing)
    write_surveys(district, landing)
    write_improvement(district, landing)
    write_attendance(district, landing)  # last: by far the largest and slowest
    return landing.summary
