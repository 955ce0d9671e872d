"""The benchmark runs end to end at a tiny size and reports every stage and target.

No timing is asserted: speed is measured by running the benchmark, not by tests.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.stages import GROUPS

ROOT = Path(__file__).resolve().parents[2]
HAS_PANDAS = importlib.util.find_spec("pandas") is not None


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("bench")
    result = subprocess.run(
        [sys.executable, "-m", "bench.pipeline_bench", "--students", "200", "--schools", "2", "--years", "1",
         "--repeats", "2", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=3600,  # seven pipeline runs; slow on a busy machine
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (out / "landing" / "sis").is_dir(), "the district is generated into the benchmark folder"
    return result.stdout


def _stages(report: str) -> dict[str, list[str]]:
    """stage -> [seconds, CPU seconds, peak RSS MiB, MiB per 1k students, rows, rows/s, notes] from the Markdown
    table."""
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in report.splitlines()
             if line.startswith("| ") and not line.startswith("| stage |")]
    return {row[0]: row[1:] for row in cells}


def test_table_has_every_stage_with_time_and_memory(report: str) -> None:
    stages = _stages(report)
    expected = [
        "generate district (once, cached)",
        "floor: DuckDB loads every file (no checks)",
        *(f"polars: {group}" for group in GROUPS),
        "read + validate, all (Continuum: Polars + Pandera)",
        "ingestion: continuum run --ingest-only",
        "dbt build (DuckDB)",
        "publish the marts file",
        "full continuum run, empty warehouse",
        "incremental: full run, 2 files held back",
    ]
    if HAS_PANDAS:
        expected += [*(f"pandas: {group}" for group in GROUPS), "read + validate, all (pandas + pandera)"]
    for stage in expected:
        assert stage in stages, f"{stage!r} missing from:\n{report}"
        seconds, cpu_seconds, peak_mib, per_1k = (float(value.replace(",", "")) for value in stages[stage][:4])
        assert seconds >= 0 and peak_mib > 0 and per_1k == pytest.approx(peak_mib / 0.2, rel=0.01)
        assert cpu_seconds > 0, f"{stage!r} has no CPU time"
    landed = [stage for stage in stages if stage.startswith("incremental: land ")]
    assert [name.split()[-1].split("_")[0] for name in landed] == ["attendance", "continuum"], landed
    # Each landing ran twice from the same warehouse (a repeat that loaded nothing fails the benchmark).
    assert all("median of 2" in stages[stage][-1] for stage in landed), landed
    # The floor and the read + validate stages read the same files, every row of them.
    assert stages["read + validate, all (Continuum: Polars + Pandera)"][4] == \
        stages["floor: DuckDB loads every file (no checks)"][4]


def test_every_target_has_a_verdict(report: str) -> None:
    verdicts = [line for line in report.split("Ratios and targets")[1].splitlines()
                if line.startswith(("PASS", "FAIL", "SKIP"))]
    names = " | ".join(verdicts)
    for target in ("full continuum run <= 10 min", "peak RSS of the pipeline <= 4 GiB", "full run / DuckDB load floor",
                   "ingestion with validation / floor", "one attendance month", "one assessment window",
                   "pandas+pandera / Continuum" if HAS_PANDAS else "SKIP  pandas reference"):
        assert target in names, f"no verdict for {target!r}:\n{report}"
    assert "the targets are set for 100k students x 5 years" in report
    # Each ratio again in CPU time, which the machine's other load changes less.
    for ratio in ("full run / floor", "ingestion / floor", "one attendance month / full", "one assessment window / full"):
        assert re.search(rf"{ratio} in CPU time: [0-9.]+", report), f"no CPU-time figure for {ratio!r}:\n{report}"
