#!/usr/bin/env bash
# Run dbt from the repository root with the repository's profiles.yml.
#   scripts/dbt.sh build --select staging              # DuckDB file in CONTINUUM_WAREHOUSE
#   CONTINUUM_TARGET=postgres scripts/dbt.sh build     # PostgreSQL from CONTINUUM_PG_*
# DBT_TARGET_PATH / DBT_LOG_PATH may be set to keep parallel runs apart.
set -euo pipefail
cd "$(dirname "$0")/.."
export DBT_PROFILES_DIR="$PWD" DBT_SEND_ANONYMOUS_USAGE_STATS=false
exec .venv/bin/dbt "$@"
