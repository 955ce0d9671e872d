"""The dbt warehouse, built by a real Dagster run on DuckDB and on a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import psycopg2
import pytest

from tests.conftest import PROJECT_ROOT, dbt_env

# Column names that would mean restricted data reached the BI-facing marts.
RESTRICTED_COLUMNS = {"given_name", "family_name", "middle_name", "birth_date", "email", "phone", "sms", "username",
                      "student_sourced_id", "state_student_id", "sourced_id", "identifier", "respondent_id", "password"}
KEY_MARTS = ["dim_school", "dim_school_year", "dim_date", "dim_student", "bridge_student_subgroup",
             "fct_daily_attendance", "fct_student_attendance_year", "dim_assessment_window", "dim_assessment",
             "fct_assessment_results", "fct_survey_responses", "fct_pdsa_cycles", "fct_team_meetings"]


def _duck(build, sql):
    with duckdb.connect(str(build.settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _pg(build, sql):
    pg = build.settings.postgres
    con = psycopg2.connect(host=pg.host, port=pg.port, user=pg.user, password=pg.password, dbname=pg.database)
    try:
        with con.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        con.close()


def _tables(query, build, schema):
    return sorted(name for (name,) in query(build, "select table_name from information_schema.tables "
                                                   f"where table_schema = '{schema}'"))


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_build_passes_every_dbt_test_on_both_targets(target, request):
    build = request.getfixturevalue(f"{target}_build")
    assert build.outcome.succeeded, build.outcome.summary()
    assert not build.outcome.failed_checks
    # Two ingestion checks per raw table plus the dbt tests: far more than the ingestion ones alone.
    assert build.outcome.checks_passed > 150


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_dbt_unit_tests_pass_on_both_targets(target, request, tmp_path):
    """The pipeline's build leaves dbt's unit tests out (they test SQL, not data); they run here."""
    build = request.getfixturevalue(f"{target}_build")
    result = subprocess.run([str(PROJECT_ROOT / "scripts" / "dbt.sh"), "test", "--select", "test_type:unit"],
                            env=dbt_env(build.settings, tmp_path), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    passed = re.findall(r"\bPASS (\S+)::", result.stdout)
    assert len(passed) == len(manifest["unit_tests"]) > 40, result.stdout[-3000:]


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_contracted_tables_refuse_nulls_where_their_contract_says_not_null(target, request):
    """Contracted tables and incremental models declare their required columns as not_null constraints
    (in place of not_null data tests): the database itself refuses a null, so none can land."""
    from orchestration.assets.dbt_models import dbt_target_path

    build = request.getfixturevalue(f"{target}_build")
    manifest = json.loads((dbt_target_path(build.settings.warehouse, target) / "manifest.json").read_text())
    declared = {(node["schema"], node["alias"], column) for node in manifest["nodes"].values()
                if node["resource_type"] == "model" for column, spec in node["columns"].items()
                if any(constraint["type"] == "not_null" for constraint in spec.get("constraints", []))}
    assert len(declared) > 200
    query = _duck if target == "duckdb" else _pg
    columns = {(schema, table, column): is_nullable for schema, table, column, is_nullable in query(
        build, "select table_schema, table_name, column_name, is_nullable from information_schema.columns")}
    assert {key: columns.get(key) for key in declared if columns.get(key) != "NO"} == {}


def _copy_of_build(build, tmp_path) -> Path:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(build.settings.warehouse, warehouse)
    return warehouse


def _dbt_run(build, warehouse: Path, tmp_path, model: str) -> subprocess.CompletedProcess:
    """`dbt run` of one model on a copy of a built warehouse."""
    settings = dataclasses.replace(build.settings, warehouse=warehouse)
    return subprocess.run([str(PROJECT_ROOT / "scripts" / "dbt.sh"), "run", "--select", model],
                          env=dbt_env(settings, tmp_path), capture_output=True, text=True)


def test_a_null_in_a_required_column_fails_the_model_and_keeps_what_was_built(duckdb_build, tmp_path):
    warehouse = _copy_of_build(duckdb_build, tmp_path)
    with duckdb.connect(str(warehouse)) as con:
        schools = con.execute("select school_id, school_name from marts.dim_school order by school_id").fetchall()
        con.execute("update raw.oneroster_orgs set name = null where sourced_id = ?", [schools[0][0]])
    result = _dbt_run(duckdb_build, warehouse, tmp_path, "dim_school")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "NOT NULL constraint failed" in result.stdout and "school_name" in result.stdout, result.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select school_id, school_name from marts.dim_school order by school_id").fetchall() == schools


def test_an_incremental_table_takes_its_contracts_not_null_when_it_rebuilds_every_partition(duckdb_build, tmp_path):
    """dbt writes constraints when it creates a table; an incremental model's table outlives a change of its
    contract. A changed contract changes the model's fingerprint, so the next build recomputes every
    partition, and then the table gets the contract's not_null constraints, keeping its rows."""
    warehouse = _copy_of_build(duckdb_build, tmp_path)
    model = "int_student_outcomes_unpivoted"

    def columns(con, is_nullable: str) -> list[str]:
        return [column for (column,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'intermediate' "
            "and table_name = ? and is_nullable = ? order by column_name", [model, is_nullable]).fetchall()]

    with duckdb.connect(str(warehouse)) as con:
        rows = con.execute(f"select count(*) from intermediate.{model}").fetchone()[0]
        required = columns(con, "NO")
        assert "outcome_value" in required and "school_id" not in required
        for column in required:  # as a table made before these constraints were declared
            con.execute(f"alter table intermediate.{model} alter column {column} drop not null")
        con.execute(f"update intermediate.incremental_model_state set fingerprint = 'before' where model_name = '{model}'")
    result = _dbt_run(duckdb_build, warehouse, tmp_path, model)
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert columns(con, "YES") == ["school_id"]
        assert con.execute(f"select count(*) from intermediate.{model}").fetchone()[0] == rows > 0


def test_marts_exist_and_agree_row_for_row_across_targets(duckdb_build, postgres_build):
    duck_marts, pg_marts = _tables(_duck, duckdb_build, "marts"), _tables(_pg, postgres_build, "marts")
    assert duck_marts == pg_marts
    assert set(KEY_MARTS) <= set(duck_marts)
    for table in duck_marts:
        duck_count = _duck(duckdb_build, f"select count(*) from marts.{table}")[0][0]
        pg_count = _pg(postgres_build, f"select count(*) from marts.{table}")[0][0]
        assert duck_count == pg_count, table
        if table in KEY_MARTS:
            assert duck_count > 0, f"marts.{table} is empty"


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_no_names_birth_dates_or_raw_ids_in_marts(target, request):
    build = request.getfixturevalue(f"{target}_build")
    query = _duck if target == "duckdb" else _pg
    columns = query(build, "select table_name, column_name, data_type from information_schema.columns "
                           "where table_schema = 'marts'")
    leaked = [(table, column) for table, column, _ in columns if column in RESTRICTED_COLUMNS]
    assert leaked == []
    # Values, not just column names: no text column of a mart may hold a student's SIS id, state id or
    # full name (single names are not unique enough: a family name "White" is also a race label).
    students = ("select sourced_id, identifier, given_name || ' ' || family_name from raw.oneroster_users "
                "where role = 'student' or sourced_id in "
                "(select user_sourced_id from raw.oneroster_roles where role = 'student')")
    secrets = {value for row in query(build, students) for value in row if value}
    assert len(secrets) > 1000
    secrets -= {value for (value,) in query(build, "select sourced_id from raw.oneroster_orgs")}
    text_columns = [(t, c) for t, c, kind in columns if kind.lower() in ("text", "varchar", "character varying")]
    for table, column in text_columns:
        values = {value for (value,) in query(build, f'select distinct "{column}" from marts.{table}')}
        assert not (values & secrets), f"marts.{table}.{column} holds restricted values"


def test_identity_lives_only_in_the_restricted_schema(duckdb_build):
    assert "student_identity" in _tables(_duck, duckdb_build, "restricted")
    identities = _duck(duckdb_build, "select count(*), count(distinct student_key) from restricted.student_identity")
    students = _duck(duckdb_build, "select count(distinct student_key) from marts.dim_student")
    assert identities[0][0] == identities[0][1] == students[0][0]


def test_the_run_keeps_dbt_artifacts_beside_the_warehouse_and_an_info_level_log(duckdb_build):
    """The README sends a data engineer to <warehouse>.dbt/ for what dbt did. dbt.log is kept at info
    level (a debug log of every query was 10 MB and a tenth of an incremental build)."""
    from orchestration.assets.dbt_models import dbt_target_path

    artifacts = dbt_target_path(duckdb_build.settings.warehouse, "duckdb")
    results = json.loads((artifacts / "run_results.json").read_text())["results"]
    assert {"success", "pass", "no-op"} >= {result["status"] for result in results} and len(results) > 300
    assert any((artifacts / "compiled").rglob("mart_learner_growth.sql"))
    levels = {json.loads(line)["info"]["level"] for line in (artifacts / "dbt.log").read_text().splitlines() if line}
    assert "info" in levels and "debug" not in levels


def test_dbt_docs_generate(duckdb_build, tmp_path):
    env = {**os.environ, "CONTINUUM_WAREHOUSE": str(duckdb_build.settings.warehouse), "CONTINUUM_TARGET": "duckdb",
           "DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")}
    result = subprocess.run([str(PROJECT_ROOT / "scripts" / "dbt.sh"), "docs", "generate"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "target" / "catalog.json").stat().st_size > 10_000
