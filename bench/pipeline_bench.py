"""Benchmark the pipeline on a generated district: each stage's time and peak memory, two reference
points on the same files, ratios and the targets of issue 7, printed as a table.

    make bench BENCH_STUDENTS=100000          # or:
    .venv/bin/python -m bench.pipeline_bench --students 10000 --years 5 [--postgres-port 54329]

The district is generated once per size and seed under data/bench/ and reused. Every stage runs
as its own process; its peak resident memory is that of the whole process tree (Dagster, dbt and
all), sampled from outside, and its CPU time (user + system over every core and every child process,
start-up included): wall time moves with whatever else runs on the machine, CPU time much less, so the
ratios are printed for both (the targets are set on wall time). Stages:
- the floor: DuckDB loading every landing file once into a fresh database (no validation, no model);
- reading + validation per source group, Continuum's (Polars + Pandera) and the usual alternative
  (pandas + pandera's pandas backend, from the same contracts; only if pandas is installed:
  `pip install -c constraints.txt -e .[bench]`), neither writing anything;
- ingestion as a user runs it (`continuum run --ingest-only`: read, validate, load);
- dbt build on that warehouse, then publishing the marts file;
- the whole run on an empty warehouse (run_pipeline, what `continuum run` does, in its own process,
  reporting its Dagster step times: ingestion, dbt build, publishing);
- incremental: a full run with the last attendance month and the last assessment window held
  back, then each landed in turn and the pipeline run again (--repeats times from the same state,
  the median reported).
With --skip-split the three separate stages are left out and the whole run's parts stand in.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import psutil

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CONTINUUM = [PYTHON, "-m", "continuum_cli.main"]
STAGES = [PYTHON, "-m", "bench.stages"]
DBT = str(Path(PYTHON).with_name("dbt"))
GiB = 1024  # MiB

sys.path.insert(0, str(ROOT))
from bench.stages import ATTENDANCE, GROUPS  # noqa: E402


@dataclass
class Measured:
    seconds: float
    peak_mib: float
    output: str
    cpu_seconds: float

    def result(self) -> dict:
        """The JSON line a bench.stages process printed last."""
        return json.loads(self.output.strip().splitlines()[-1])


def measure(args: list[str], env: dict[str, str] | None = None) -> Measured:
    """Wall time, peak RSS (MiB, summed over the process tree) and CPU time of one command."""
    # The children's usage grows by each child reaped (with the descendants it reaped): this one's tree.
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # Output goes to a file: a pipe read only at the end would fill and block the child.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
                                   env={**os.environ, "DAGSTER_HOME": "", **(env or {})})
        root, peak = psutil.Process(process.pid), 0
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{output[-4000:]}")
    cpu_seconds = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
    return Measured(seconds, peak / 2**20, output, cpu_seconds)


@dataclass
class Row:
    stage: str
    seconds: float
    peak_mib: float
    rows: int | None = None
    note: str = ""
    cpu_seconds: float | None = None  # None: no process of its own (a part of a run)


class Table:
    def __init__(self, students: int) -> None:
        self.rows: list[Row] = []
        self.students = students

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        rate = f"{row.rows / row.seconds:>12,.0f}" if row.rows and row.seconds else f"{'':>12}"
        cpu = f"{row.cpu_seconds:>8.1f}" if row.cpu_seconds is not None else f"{'':>8}"
        print(f"  {row.stage:<46} {row.seconds:>8.1f} s {cpu} CPU s {row.peak_mib:>7,.0f} MiB {rate} rows/s  {row.note}",
              file=sys.stderr, flush=True)
        return row

    def render(self) -> str:
        """A Markdown table (pastes into an issue note as it is)."""
        lines = ["| stage | seconds | CPU seconds | peak RSS MiB | MiB per 1k students | rows | rows/s | notes |",
                 "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for row in self.rows:
            rows = f"{row.rows:,}" if row.rows is not None else ""
            rate = f"{row.rows / row.seconds:,.0f}" if row.rows and row.seconds else ""
            per_k = row.peak_mib / (self.students / 1000)
            cpu = f"{row.cpu_seconds:.1f}" if row.cpu_seconds is not None else ""
            lines.append(f"| {row.stage} | {row.seconds:.1f} | {cpu} | {row.peak_mib:,.0f} | {per_k:.1f} | {rows} | {rate} "
                         f"| {row.note} |")
        return "\n".join(lines)


def generate(landing: Path, args: argparse.Namespace, table: Table) -> None:
    if landing.exists():
        return
    partial = landing.with_name(landing.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    run = measure([*CONTINUUM, "generate", "--out", str(partial), "--students", str(args.students),
                   "--schools", str(args.schools), "--years", str(args.years), "--seed", str(args.seed)])
    partial.rename(landing)  # only a complete district is cached
    table.add(Row("generate district (once, cached)", run.seconds, run.peak_mib, note=str(landing),
                  cpu_seconds=run.cpu_seconds))


def _max_assessment_date(path: Path) -> str:
    return pl.scan_csv(path, infer_schema=False).select(pl.col("assessment_date").max()).collect().item()


def held_back_files(landing: Path) -> list[Path]:
    """The last attendance month and the last assessment window's results file."""
    from ingestion.landing import scan_landing

    scan = scan_landing(landing)
    attendance = max(scan.for_table(ATTENDANCE), key=lambda d: d.identity)
    assessments = max(scan.for_table("assessment_results"), key=lambda d: _max_assessment_date(d.path))
    return [attendance.path, assessments.path]


def link_tree(source: Path, target: Path, leave_out: list[Path]) -> None:
    """A copy of a landing folder made of hard links (no data copied), without some files."""
    shutil.rmtree(target, ignore_errors=True)
    for path in sorted(source.rglob("*")):
        if path.is_file() and path not in leave_out:
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, destination)


def land(source: Path, target: Path, path: Path) -> None:
    destination = target / path.relative_to(source)
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.link(path, destination)


def continuum_run(landing: Path, warehouse: Path, *extra: str, env: dict[str, str] | None = None) -> Measured:
    return measure([*CONTINUUM, "run", "--landing", str(landing), "--warehouse", str(warehouse), *extra], env)


def pipeline_run(landing: Path, warehouse: Path, *extra: str) -> tuple[Measured, dict]:
    """`continuum run`'s run_pipeline in its own process, with the time of each part (Dagster step times)."""
    run = measure([*STAGES, "run", str(landing), str(warehouse), *extra])
    return run, run.result()


def _parts(figures: dict) -> str:
    return ", ".join(f"{part} {seconds:.1f} s" for part, seconds in figures["parts"].items() if seconds)


def run_state(warehouse: Path) -> list[str]:
    """The files a pipeline run changes, by name in the warehouse's folder: the warehouse (and its
    write-ahead log), dbt's artifacts for it (its partial parse is kept per warehouse path) and the
    published marts file with its signatures."""
    return [warehouse.name, f"{warehouse.name}.wal", f"{warehouse.name}.dbt", "marts.duckdb",
            "marts.duckdb.signatures.json"]


def copy_state(names: list[str], source_folder: Path, target_folder: Path) -> None:
    """Make target_folder's copies of these files what source_folder holds (absent if absent there)."""
    for name in names:
        source, target = source_folder / name, target_folder / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.exists():
            shutil.copy2(source, target)


def incremental_landing(landing: Path, partial: Path, path: Path, warehouse: Path, repeats: int) -> Row:
    """Land one held-back file and run the pipeline, `repeats` times from the same state (restored
    between runs, at the same paths), and report the median: one sample here swings by +-4 s, as
    much as a change being measured. The state after the last repeat is left for what follows."""
    saved = warehouse.parent / "before-landing"
    saved.mkdir(exist_ok=True)
    state = run_state(warehouse)
    copy_state(state, warehouse.parent, saved)
    before = loaded_rows(warehouse)
    samples: list[tuple[Measured, dict]] = []
    for repeat in range(repeats):
        if repeat:
            (partial / path.relative_to(landing)).unlink()
            copy_state(state, saved, warehouse.parent)
        land(landing, partial, path)
        samples.append(pipeline_run(partial, warehouse))
        if not samples[-1][1]["rows_loaded"]:  # the file was known: the restore failed, the sample is void
            raise SystemExit(f"repeat {repeat + 1} of landing {path.name} loaded no rows")
    shutil.rmtree(saved)
    median, figures = sorted(samples, key=lambda sample: sample[0].seconds)[len(samples) // 2]
    each = ", ".join(f"{run.seconds:.1f}" for run, _ in samples)
    spread = f"median of {repeats} ({each} s); " if repeats > 1 else ""
    cpu = sorted(run.cpu_seconds for run, _ in samples)[len(samples) // 2]  # its own median
    return Row(f"incremental: land {path.name}", median.seconds, max(run.peak_mib for run, _ in samples),
               loaded_rows(warehouse) - before, f"{spread}then run: {_parts(figures)}", cpu)


def loaded_rows(warehouse: Path) -> int:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select sum(rows_read) from audit.ingest_log").fetchone()[0] or 0


def read_validate(landing: Path, engine: str, table: Table, found: dict[str, Row]) -> None:
    """Read + validate of every source group with one engine, each group its own process, and their total."""
    name = "Continuum: Polars + Pandera" if engine == "polars" else "pandas + pandera"
    total = Row(f"read + validate, all ({name})", 0.0, 0.0, 0, "in-process, nothing written", 0.0)
    for group in GROUPS:
        result = measure([*STAGES, "read-validate", str(landing), group, engine])
        figures = result.result()
        table.add(Row(f"  {engine}: {group}", figures["seconds"], result.peak_mib, figures["rows"],
                      f"{figures['files']} files, {figures['quarantined']:,} quarantined", result.cpu_seconds))
        total.seconds += figures["seconds"]
        total.cpu_seconds += result.cpu_seconds
        total.peak_mib = max(total.peak_mib, result.peak_mib)
        total.rows = (total.rows or 0) + figures["rows"]
    found[engine] = table.add(total)


def targets(found: dict[str, Row], args: argparse.Namespace) -> list[str]:
    """One line per target of issue 7: the figure, the limit and PASS or FAIL."""
    lines = []

    def check(name: str, value: float, limit: float, passed: bool, unit: str) -> None:
        lines.append(f"{'PASS' if passed else 'FAIL'}  {name:<58} {value:>9.2f}{unit} (target {limit:g}{unit})")

    def by_cpu(name: str, row: Row, reference: Row, scale: float, unit: str) -> None:
        """The same ratio in CPU time: what a noisy machine changes less (the target is on wall time)."""
        if row.cpu_seconds is None or not reference.cpu_seconds:
            lines.append(f"      {name} in CPU time: not measured ({row.stage} has no process of its own)")
            return
        lines.append(f"      {name} in CPU time: {scale * row.cpu_seconds / reference.cpu_seconds:.2f}{unit} "
                     f"({row.cpu_seconds:.1f} / {reference.cpu_seconds:.1f} CPU s)")

    floor, full, ingest = found["floor"], found["full"], found["ingest"]
    check("full continuum run <= 10 min", full.seconds / 60, 10, full.seconds <= 600, " min")
    peak = max(row.peak_mib for key, row in found.items() if key in ("full", "ingest", "dbt", "publish"))
    check("peak RSS of the pipeline <= 4 GiB", peak / GiB, 4, peak <= 4 * GiB, " GiB")
    check("full run / DuckDB load floor <= 3", full.seconds / floor.seconds, 3, full.seconds <= 3 * floor.seconds, "x")
    by_cpu("full run / floor", full, floor, 1, "x")
    check("ingestion with validation / floor <= 1.5", ingest.seconds / floor.seconds, 1.5,
          ingest.seconds <= 1.5 * floor.seconds, "x")
    by_cpu("ingestion / floor", ingest, floor, 1, "x")
    if "pandas" in found:
        ratio = found["pandas"].seconds / found["polars"].seconds
        check("pandas+pandera / Continuum, read + validate >= 5", ratio, 5, ratio >= 5, "x")
        lines.append(f"      (pandas read + validate / Continuum's whole ingestion, load included: "
                     f"{found['pandas'].seconds / ingest.seconds:.2f}x)")
    elif args.skip_pandas:
        lines.append("SKIP  pandas reference (--skip-pandas)")
    else:
        lines.append("SKIP  pandas reference (pandas is not installed: pip install -c constraints.txt -e .[bench])")
    if "incr_full" not in found:
        lines.append("SKIP  incremental runs (--skip-incremental)")
    for key, what in (("incr_attendance", "one attendance month"), ("incr_assessment", "one assessment window")):
        if key in found:
            share = 100 * found[key].seconds / found["incr_full"].seconds
            check(f"incremental run, {what}, % of full <= 10", share, 10, share <= 10, " %")
            by_cpu(f"{what} / full", found[key], found["incr_full"], 100, " %")
    if (args.students, args.years) != (100_000, 5):
        lines.append(f"(the targets are set for 100k students x 5 years; this run is {args.students:,} x {args.years})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--schools", type=int, default=6)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-incremental", action="store_true", help="leave out the incremental stage")
    parser.add_argument("--skip-pandas", action="store_true", help="leave out the pandas + pandera reference")
    parser.add_argument("--skip-split", action="store_true",
                        help="no separate ingest / dbt build / publish processes: their times come from the full run's "
                             "Dagster steps (no memory figure of their own); halves the time at large sizes")
    parser.add_argument("--repeats", type=int, default=3,
                        help="land each incremental file this many times (the warehouse restored in between) "
                             "and report the median")
    parser.add_argument("--postgres-port", type=int, help="also build on PostgreSQL at 127.0.0.1:PORT (user postgres)")
    parser.add_argument("--out", type=Path, help="folder for the district and the runs (default data/bench/<size>)")
    args = parser.parse_args(argv)

    folder = args.out or ROOT / "data" / "bench" / f"{args.students}x{args.years}y{args.schools}s-seed{args.seed}"
    landing, work = folder / "landing", folder / "runs"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    table = Table(args.students)
    found: dict[str, Row] = {}
    print(f"Benchmarking {args.students:,} students x {args.years} years in {folder}", file=sys.stderr, flush=True)
    generate(landing, args, table)

    result = measure([*STAGES, "floor", str(landing), str(work / "floor.duckdb")])
    floor = result.result()
    found["floor"] = table.add(Row("floor: DuckDB loads every file (no checks)", floor["seconds"], result.peak_mib,
                                   floor["rows"], f"{floor['files']} files, {floor['bytes'] / 2**20:,.0f} MiB of CSV",
                                   result.cpu_seconds))

    read_validate(landing, "polars", table, found)

    warehouse = work / "warehouse.duckdb"
    if not args.skip_split:
        result = continuum_run(landing, warehouse, "--ingest-only")
        found["ingest"] = table.add(Row("ingestion: continuum run --ingest-only", result.seconds, result.peak_mib,
                                        loaded_rows(warehouse), "read + validate + load into raw, Dagster start-up",
                                        result.cpu_seconds))
        dbt_env = {"CONTINUUM_TARGET": "duckdb", "CONTINUUM_WAREHOUSE": str(warehouse),
                   "DBT_PROFILES_DIR": str(ROOT), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        # As the pipeline runs it: unit tests check SQL, not data, and run in `make test`.
        result = measure([DBT, "build", "--quiet", "--target-path", "target", "--exclude", "resource_type:unit_test"],
                         dbt_env)
        found["dbt"] = table.add(Row("dbt build (DuckDB)", result.seconds, result.peak_mib,
                                     note="seeds, models and data tests, on the raw tables above",
                                     cpu_seconds=result.cpu_seconds))
        result = measure([*STAGES, "publish", str(warehouse), str(work / "marts.duckdb")])
        published = result.result()
        found["publish"] = table.add(Row("publish the marts file", published["seconds"], result.peak_mib,
                                         published["rows"], f"{published['tables']} marts into marts.duckdb (storage v1.4)",
                                         result.cpu_seconds))
    result, figures = pipeline_run(landing, work / "full.duckdb")
    found["full"] = table.add(Row("full continuum run, empty warehouse", result.seconds, result.peak_mib,
                                  loaded_rows(work / "full.duckdb"), f"of which {_parts(figures)}", result.cpu_seconds))
    if args.skip_split:  # the parts of the whole run stand in for the separate stages (no memory of their own)
        found["ingest"] = Row("ingestion (part of the full run)", figures["parts"]["ingestion"], 0.0)

    # After the whole run: the key figures come first on a large district.
    if importlib.util.find_spec("pandas") and not args.skip_pandas:
        read_validate(landing, "pandas", table, found)

    if not args.skip_incremental:
        held_back = held_back_files(landing)
        partial = work / "incremental-landing"
        link_tree(landing, partial, held_back)
        result, figures = pipeline_run(partial, work / "incremental.duckdb")
        found["incr_full"] = table.add(Row("incremental: full run, 2 files held back", result.seconds,
                                           result.peak_mib, loaded_rows(work / "incremental.duckdb"),
                                           f"the build the next two follow; {_parts(figures)}", result.cpu_seconds))
        for key, path in zip(("incr_attendance", "incr_assessment"), held_back):
            found[key] = table.add(incremental_landing(landing, partial, path, work / "incremental.duckdb",
                                                       args.repeats))

    if args.postgres_port:
        env = {"CONTINUUM_TARGET": "postgres", "CONTINUUM_PG_PORT": str(args.postgres_port),
               "CONTINUUM_PG_DATABASE": f"bench_{args.students}"}
        from orchestration.postgres_server import PostgresServer

        PostgresServer(Path("/unused"), args.postgres_port).create_database(env["CONTINUUM_PG_DATABASE"])
        result = continuum_run(landing, warehouse, env=env)
        table.add(Row("PostgreSQL: mirror raw + dbt build", result.seconds, result.peak_mib, note="ingest store unchanged",
                      cpu_seconds=result.cpu_seconds))
        result = continuum_run(landing, warehouse, env=env)
        table.add(Row("PostgreSQL: dbt build (mirror current)", result.seconds, result.peak_mib,
                      cpu_seconds=result.cpu_seconds))

    print(f"\nContinuum pipeline benchmark: {args.students:,} students x {args.years} years, {args.schools} schools, "
          f"seed {args.seed}; {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    print(table.render())
    print("\nRatios and targets (issue 7):")
    print("\n".join(targets(found, args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
