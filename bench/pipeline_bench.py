"""Time the pipeline's stages on a generated district and print a table.

    .venv/bin/python bench/pipeline_bench.py --students 10000 --years 5 [--postgres-port 54329]

Each stage runs as its own `continuum` process (as a user runs it); wall time and the peak
resident memory of the whole process tree (Dagster, dbt and all) are measured from outside.
The district is generated once per size and seed under data/bench/ and reused.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
CONTINUUM = [sys.executable, "-m", "continuum_cli.main"]


def measure(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB over the process tree, output) of one command."""
    started = time.perf_counter()
    # Output goes to a file: a pipe read only at the end would fill and block the child.
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "DAGSTER_HOME": "", **(env or {})}, cwd=ROOT)
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    log.seek(0)
    output = log.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{output[-4000:]}")
    return time.perf_counter() - started, peak / 2**20, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--schools", type=int, default=6)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--postgres-port", type=int, help="also build on PostgreSQL at 127.0.0.1:PORT (user postgres)")
    args = parser.parse_args()

    folder = ROOT / "data" / "bench" / f"{args.students}x{args.years}y{args.schools}s-seed{args.seed}"
    landing, work = folder / "landing", folder / "runs"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rows: list[tuple[str, float, float, str]] = []

    if not landing.exists():
        seconds, peak, _ = measure([*CONTINUUM, "generate", "--out", str(landing), "--students", str(args.students),
                                    "--schools", str(args.schools), "--years", str(args.years),
                                    "--seed", str(args.seed)])
        rows.append(("generate (continuum generate)", seconds, peak, ""))
    size = sum(p.stat().st_size for p in landing.rglob("*") if p.is_file())

    warehouse = work / "warehouse.duckdb"
    seconds, peak, _ = measure([*CONTINUUM, "run", "--ingest-only", "--landing", str(landing),
                                "--warehouse", str(warehouse)])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded = con.execute("select sum(rows_loaded) from audit.ingest_log").fetchone()[0]
    rows.append(("ingest: read + validate + load", seconds, peak,
                 f"{loaded:,} rows, {loaded / seconds:,.0f} rows/s, {size / 2**20:,.0f} MiB of CSV"))
    seconds, peak, _ = measure([*CONTINUUM, "run", "--landing", str(landing), "--warehouse", str(warehouse)])
    rows.append(("dbt build on DuckDB (files unchanged)", seconds, peak, "models, seeds, tests, unit tests"))
    seconds, peak, _ = measure([*CONTINUUM, "run", "--landing", str(landing), "--warehouse", str(work / "full.duckdb")])
    rows.append(("full continuum run, empty warehouse", seconds, peak, "ingest + dbt build"))
    if args.postgres_port:
        env = {"CONTINUUM_TARGET": "postgres", "CONTINUUM_PG_PORT": str(args.postgres_port),
               "CONTINUUM_PG_DATABASE": f"bench_{args.students}"}
        from orchestration.postgres_server import PostgresServer

        PostgresServer(Path("/unused"), args.postgres_port).create_database(env["CONTINUUM_PG_DATABASE"])
        seconds, peak, _ = measure([*CONTINUUM, "run", "--landing", str(landing), "--warehouse", str(warehouse)], env)
        rows.append(("PostgreSQL: mirror raw + dbt build", seconds, peak, "ingest store unchanged"))
        seconds, peak, _ = measure([*CONTINUUM, "run", "--landing", str(landing), "--warehouse", str(warehouse)], env)
        rows.append(("PostgreSQL: dbt build (mirror current)", seconds, peak, ""))

    print(f"\nContinuum pipeline benchmark: {args.students:,} students x {args.years} years, {args.schools} schools, "
          f"seed {args.seed}, {os.cpu_count()} cores")
    print(f"{'stage':<42} {'seconds':>9} {'peak RSS MiB':>13}  notes")
    for stage, seconds, peak, note in rows:
        print(f"{stage:<42} {seconds:>9.1f} {peak:>13,.0f}  {note}")


if __name__ == "__main__":
    main()
