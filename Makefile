# The two commands: `make run` and `make test`. Everything they need is installed from scratch.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DATA := $(CURDIR)/data
DAGSTER_HOME ?= $(DATA)/dagster_home
export DAGSTER_DISABLE_TELEMETRY := 1

# Sample district for `make run` (override: make run STUDENTS=10000)
STUDENTS ?= 2000
SCHOOLS ?= 6
YEARS ?= 3
SEED ?= 42

.PHONY: run test ui dashboards install docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# constraints.txt is the lock: every transitive version that was installed and tested together.
# dbt-core-experimental-parser must come as a wheel (its sdist downloads a binary at build time).
$(INSTALLED): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --only-binary=dbt-core-experimental-parser \
		-c constraints.txt -e '.[dev]'
	touch $@

install: $(INSTALLED)

$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME)
	printf 'telemetry:\n  enabled: false\n' > $@

# Runs from `make run` are recorded in DAGSTER_HOME, so `make ui` shows them.
run ui: export DAGSTER_HOME := $(DAGSTER_HOME)

run: $(INSTALLED) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/continuum generate --out $(DATA)/landing --students $(STUDENTS) --schools $(SCHOOLS) \
		--years $(YEARS) --seed $(SEED)
	$(BIN)/continuum run --landing $(DATA)/landing --warehouse $(DATA)/warehouse.duckdb

test: $(INSTALLED)
	scripts/ensure_postgres.sh
	scripts/ensure_dashboard_tools.sh
	$(BIN)/python -m pytest

# The dashboards `make run` built (Evidence static site), at http://127.0.0.1:3001
dashboards:
	@test -f $(DATA)/dashboards/site/index.html || { echo "No dashboards yet: run make run (needs npm)"; exit 1; }
	@echo "Dashboards: http://127.0.0.1:3001  (Ctrl-C stops)"
	$(BIN)/python -m http.server --directory $(DATA)/dashboards/site --bind 127.0.0.1 3001

ui: $(INSTALLED) $(DAGSTER_HOME)/dagster.yaml
	CONTINUUM_LANDING=$(DATA)/landing CONTINUUM_WAREHOUSE=$(DATA)/warehouse.duckdb \
		$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

# Stage timings, peak memory, reference points and issue 7's targets (README: Benchmark).
# BENCH_STUDENTS=100000 for a large district, 1000000 for a state; PG_PORT=... adds PostgreSQL.
BENCH_STUDENTS ?= 10000
BENCH_YEARS ?= 5
BENCH_INSTALLED := $(VENV)/.installed-bench
$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet --only-binary=dbt-core-experimental-parser \
		-c constraints.txt -e '.[dev,bench]'
	touch $@

bench: $(BENCH_INSTALLED)
	$(BIN)/python -m bench.pipeline_bench --students $(BENCH_STUDENTS) --years $(BENCH_YEARS) \
		$(if $(PG_PORT),--postgres-port $(PG_PORT))

docs: $(INSTALLED)
	$(BIN)/continuum docs

clean:
	rm -rf $(DATA) .pytest_cache
