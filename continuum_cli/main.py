"""The `continuum` command: generate a sample district, run the pipeline, write the docs.

Settings come from flags, else from the environment (CONTINUUM_LANDING, CONTINUUM_WAREHOUSE,
CONTINUUM_QUARANTINE_WARN_RATE), else the defaults in orchestration/settings.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

from orchestration.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    """Flags win over the environment, which wins over the defaults."""
    if getattr(args, "target", None):
        os.environ["CONTINUUM_TARGET"] = args.target  # read with the CONTINUUM_PG_* settings below
    overrides: dict[str, object] = {
        name: Path(value).resolve() for name in ("landing", "warehouse", "published", "dashboards_folder")
        if (value := getattr(args, name, None))}
    if getattr(args, "no_dashboards", False):
        overrides["dashboards"] = False
    return dataclasses.replace(Settings.from_env(), **overrides)


def cmd_generate(args: argparse.Namespace) -> int:
    from sample_district import generate

    out = Path(args.out).resolve() if args.out else Settings.from_env().landing
    started = time.perf_counter()
    summary = generate(out, students=args.students, schools=args.schools, years=args.years, seed=args.seed,
                       progress=lambda message: print(f"  {message}", file=sys.stderr, flush=True))
    rows = sum(summary.rows.values())
    print(f"Wrote a sample district to {out}: {len(summary.rows)} files, {rows:,} rows "
          f"in {time.perf_counter() - started:.1f} s.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from orchestration.run import run_pipeline

    settings = _settings(args)
    if not settings.landing.is_dir():
        print(f"error: the landing folder {settings.landing} does not exist. Create a sample district with "
              f"`continuum generate --out {settings.landing}` or pass --landing DIR (or set CONTINUUM_LANDING).",
              file=sys.stderr)
        return 2
    outcome = run_pipeline(settings, verbose=args.verbose, ingest_only=args.ingest_only)
    print(outcome.summary())
    return 0 if outcome.succeeded else 1


def cmd_docs(args: argparse.Namespace) -> int:
    from ingestion.contract_docs import write_landing_contract
    from ingestion.dbt_sources import write_sources
    from orchestration.settings import PROJECT_ROOT

    for path in (write_landing_contract(Path(args.out)), write_sources(PROJECT_ROOT)):
        print(f"Wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="continuum", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write a deterministic sample district's extracts")
    generate.add_argument("--out", help="landing folder to write (default: CONTINUUM_LANDING or data/landing)")
    generate.add_argument("--students", type=int, default=2000, help="active students per school year (2000)")
    generate.add_argument("--schools", type=int, default=6, help="number of schools (6)")
    generate.add_argument("--years", type=int, default=3, help="school years, ending 2025-2026 (3)")
    generate.add_argument("--seed", type=int, default=42, help="random seed; same seed, same files (42)")
    generate.set_defaults(func=cmd_generate)

    run = commands.add_parser("run", help="materialize every asset for a landing folder, in-process")
    run.add_argument("--landing", help="landing folder (default: CONTINUUM_LANDING or data/landing)")
    run.add_argument("--warehouse", help="DuckDB file (default: CONTINUUM_WAREHOUSE or data/warehouse.duckdb)")
    run.add_argument("--published", help="DuckDB file of the BI-facing marts (default: CONTINUUM_PUBLISHED or "
                                         "marts.duckdb beside the warehouse; DuckDB target)")
    run.add_argument("--dashboards-dir", dest="dashboards_folder",
                     help="where the Evidence dashboards are built (default: CONTINUUM_DASHBOARDS_DIR or "
                          "dashboards/ beside the warehouse; the site is its site/ folder)")
    run.add_argument("--no-dashboards", action="store_true",
                     help="skip building the Evidence dashboards (also CONTINUUM_DASHBOARDS=0)")
    run.add_argument("--target", choices=["duckdb", "postgres"],
                     help="where dbt builds (default: CONTINUUM_TARGET or duckdb; postgres reads CONTINUUM_PG_*)")
    run.add_argument("--ingest-only", action="store_true", help="load the raw tables only; skip the dbt build")
    run.add_argument("--verbose", action="store_true", help="show Dagster's step-by-step log")
    run.set_defaults(func=cmd_run)

    docs = commands.add_parser("docs", help="regenerate docs/landing-contract.md and the dbt raw sources from the Pandera models")
    docs.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "docs" / "landing-contract.md"))
    docs.set_defaults(func=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
