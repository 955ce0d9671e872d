"""Public API, determinism and the run summary."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import sample_district
from sample_district import GenerationSummary, generate

from .sd_helpers import SMALL, files_under


def test_public_api_signature() -> None:
    sig = inspect.signature(generate)
    defaults = {k: p.default for k, p in sig.parameters.items() if k != "out"}
    assert defaults == {"students": 2000, "schools": 6, "years": 3, "seed": 42, "end_year": 2026, "progress": None}
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for k, p in sig.parameters.items() if k != "out")
    assert set(sample_district.__all__) == {"generate", "GenerationSummary"}


def test_same_arguments_give_identical_bytes(small: GenerationSummary, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", **SMALL)
    names = files_under(small.out)
    assert names == files_under(again.out)
    for rel in sorted(names):
        assert (small.out / rel).read_bytes() == (again.out / rel).read_bytes(), rel
    assert again.rows == small.rows


def test_different_seed_gives_different_data(small: GenerationSummary, tmp_path: Path) -> None:
    other = generate(tmp_path / "other", **{**SMALL, "seed": SMALL["seed"] + 1})
    # Same layout (it depends only on sizes and years) ...
    assert files_under(other.out) == files_under(small.out)
    # ... but different people, attendance, results, surveys and improvement records.
    for rel in (
        "sis/oneroster_2025-2026/users.csv",
        "sis/oneroster_2025-2026/demographics.csv",
        "sis/attendance/attendance_2025-10.csv",
        "assessments/continuum/continuum_results_2025-2026_fall.csv",
        "surveys/responses/survey_responses_2025-2026_spring.csv",
        "improvement/pdsa_cycles.csv",
    ):
        assert (small.out / rel).read_bytes() != (other.out / rel).read_bytes(), rel


def test_summary_matches_files(small: GenerationSummary) -> None:
    assert set(small.rows) == files_under(small.out)
    assert small.files_written == len(small.rows)
    assert [p.relative_to(small.out).as_posix() for p in small.files] == list(small.rows)
    for rel, n in small.rows.items():
        with open(small.out / rel, "rb") as fh:
            lines = fh.read().count(b"\n")
        assert lines - 1 == n, rel
    assert small.total_rows == sum(small.rows.values())


def test_progress_called_once_per_file(tmp_path: Path) -> None:
    messages: list[str] = []
    summary = generate(tmp_path, students=40, schools=2, years=1, progress=messages.append)
    assert len(messages) == summary.files_written
    assert any(m.startswith("sis/attendance/attendance_2025-09.csv: ") and m.endswith(" rows") for m in messages)


@pytest.mark.parametrize("bad", [dict(students=0), dict(schools=0), dict(years=0), dict(seed=-1), dict(students=2.5)])
def test_invalid_arguments_rejected(tmp_path: Path, bad: dict) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, **bad)


@pytest.mark.parametrize(
    "args",
    [dict(students=1, schools=1, years=1), dict(students=13, schools=8, years=2), dict(students=60, schools=2, years=1)],
)
def test_tiny_and_odd_sizes_still_produce_a_complete_landing(tmp_path: Path, args: dict) -> None:
    summary = generate(tmp_path, **args)
    assert set(summary.rows) == files_under(tmp_path)
    assert any(rel.startswith("sis/attendance/") for rel in summary.rows)


def test_output_does_not_depend_on_today(tmp_path: Path) -> None:
    # A year far from today still gets a full, sensible calendar and landing.
    summary = generate(tmp_path, students=30, schools=1, years=1, end_year=2031)
    assert "sis/oneroster_2030-2031/users.csv" in summary.rows
    assert "sis/attendance/attendance_2030-08.csv" in summary.rows
