"""Incremental refresh gives exactly the marts of a full rebuild, on DuckDB and on PostgreSQL.

A small district is built in two steps, as a district would receive it: a first run without the
last attendance month, the last assessment window, the last survey administration and one older
attendance month (a late file); then those files land together with a corrected re-delivery of an
older attendance month (a few statuses edited), a second delivery of some student-days (a
corrections file: deduplication, n_deliveries) and a roster whose students' attributes changed, and
the pipeline runs again. A fresh warehouse built from the same final landing folder in one go must
hold the same rows in every marts table.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingestion.postgres_mirror import PostgresTarget
from orchestration.dbt_selection import Selection
from tests.conftest import PROJECT_ROOT, dbt_env

ATTENDANCE = Path("sis") / "attendance"
HELD_BACK = [ATTENDANCE / "attendance_2026-06.csv", ATTENDANCE / "attendance_2024-10.csv",
             Path("assessments") / "continuum" / "continuum_results_2025-2026_spring.csv",
             Path("surveys") / "responses" / "survey_responses_2025-2026_spring.csv"]
REDELIVERED = ATTENDANCE / "attendance_2025-01.csv"  # same path, a few statuses edited
CORRECTIONS = ATTENDANCE / "attendance_2025-03_corrections.csv"  # a second delivery of some student-days
ROSTER = Path("sis") / "oneroster_2025-2026" / "demographics.csv"  # students whose attributes change


def _rewrite(path: Path, edit) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows = [rows[0], *edit(rows[1:])]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def _flip_statuses(rows: list[list[str]], every: int) -> list[list[str]]:
    flipped = {"present": "unexcused_absence", "unexcused_absence": "present", "tardy": "excused_absence",
               "excused_absence": "tardy", "early_departure": "present"}
    return [[*row[:3], flipped[row[3]]] if i % every == 0 else row for i, row in enumerate(rows)]


@pytest.fixture(scope="module")
def landings(tmp_path_factory) -> tuple[Path, Path]:
    """The first delivery (a landing folder to add to) and the final landing folder."""
    from sample_district import generate

    root = tmp_path_factory.mktemp("incremental")
    final = root / "final"
    generate(final, students=300, schools=3, years=2, seed=11)
    first = root / "first"
    shutil.copytree(final, first)
    for held in HELD_BACK:
        (first / held).unlink()
    # Final folder: REDELIVERED edited in place, a corrections file for some days of March 2025, the
    # last roster with changed sex and birth dates for some students.
    _rewrite(final / REDELIVERED, lambda rows: _flip_statuses(rows, every=7))
    shutil.copy(final / ATTENDANCE / "attendance_2025-03.csv", final / CORRECTIONS)
    _rewrite(final / CORRECTIONS, lambda rows: _flip_statuses(rows[::5], every=2))
    sexes = {"male": "female", "female": "male"}
    _rewrite(final / ROSTER, lambda rows: [[row[0], row[1], row[2], row[3], sexes.get(row[4], row[4]), *row[5:]]
                                            if i % 4 == 0 else row for i, row in enumerate(rows)])
    return first, final


def _land_the_rest(first: Path, final: Path) -> None:
    for path in final.rglob("*"):
        if path.is_file():
            target = first / path.relative_to(final)
            if not target.exists() or target.read_bytes() != path.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)


def _run(settings) -> None:
    """The main job, as `continuum run` runs it: ingestion, then `dbt build` (models and every test)."""
    from orchestration.run import run_pipeline

    with dg.DagsterInstance.ephemeral() as instance:
        outcome = run_pipeline(settings, instance=instance)
    assert outcome.succeeded, outcome.summary()


def _run_without_dbt_tests(settings, target_path: Path) -> None:
    """Ingestion through the same Dagster assets, then dbt's seeds and models without the dbt tests
    (the second, incremental run tests its result; this keeps the test short)."""
    from orchestration.run import run_pipeline

    with dg.DagsterInstance.ephemeral() as instance:
        outcome = run_pipeline(settings, instance=instance, ingest_only=True)
    assert outcome.succeeded, outcome.summary()
    env = dbt_env(settings, target_path)
    result = subprocess.run([str(PROJECT_ROOT / "scripts" / "dbt.sh"), "build", "--quiet", "--exclude",
                             "resource_type:test", "resource_type:unit_test"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def _sort_key(row: tuple) -> tuple:
    return tuple((value is None, f"{value:.6e}" if isinstance(value, float) else str(value)) for value in row)


def _same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return left == right or math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)
    return left == right


def assert_same_marts(incremental: dict[str, list[tuple]], rebuilt: dict[str, list[tuple]]) -> None:
    assert sorted(incremental) == sorted(rebuilt)
    for table, rows in rebuilt.items():
        left, right = sorted(incremental[table], key=_sort_key), sorted(rows, key=_sort_key)
        assert len(left) == len(right), f"marts.{table}: {len(left)} rows incrementally, {len(right)} rebuilt"
        different = [(a, b) for a, b in zip(left, right)
                     if len(a) != len(b) or not all(_same(x, y) for x, y in zip(a, b))]
        assert not different, f"marts.{table}: {len(different)} rows differ, e.g. {different[:2]}"


def _duckdb_marts(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()]
        return {table: con.execute(f"select * from marts.{table}").fetchall() for table in tables}


def _postgres_marts(target: PostgresTarget) -> dict[str, list[tuple]]:
    con = target.connect()
    try:
        with con.cursor() as cursor:
            cursor.execute("select table_name from information_schema.tables where table_schema = 'marts'")
            tables = [name for (name,) in cursor.fetchall()]
            result = {}
            for table in tables:
                cursor.execute(f"select * from marts.{table}")
                result[table] = cursor.fetchall()
            return result
    finally:
        con.close()


def _changed_deliveries_were_loaded(store: Path) -> None:
    """The second run loaded just the new and changed files (the test's premise)."""
    with duckdb.connect(str(store), read_only=True) as con:
        files = dict(con.execute("select source_file, count(*) from audit.ingest_log "
                                 "where status in ('loaded', 'replaced') group by source_file").fetchall())
    assert files[REDELIVERED.as_posix()] == 2 and files[ROSTER.as_posix()] == 2
    assert all(count == 1 for name, count in files.items() if name not in (REDELIVERED.as_posix(), ROSTER.as_posix()))


def _assert_only_touched_partitions_rebuilt(state: dict[str, str]) -> None:
    """The second run rebuilt the months, school years and administrations the new files touch, no more."""
    months = "2024-10-01,2025-01-01,2025-03-01,2026-06-01"  # late, re-delivered, corrected, new
    assert state["int_daily_attendance_deduplicated"] == months
    assert "fct_daily_attendance" not in state  # a view over the deduplicated table
    assert state["fct_student_attendance_year"] == months  # rebuilt as their school years, 2025 and 2026
    assert state["fct_assessment_results"] == "2026-05-01"  # the spring window's month
    assert state["fct_survey_responses"] == "SURV-2026-FAMILY,SURV-2026-STAFF,SURV-2026-STUDENT"
    # Student outcomes by school year: a roster and assessments landed too, so every year.
    assert state["mart_demographic_predictive_value"] == "*"
    assert state["mart_priority_students"] == "*"


def test_incremental_refresh_equals_full_rebuild_on_duckdb(landings, tmp_path):
    from orchestration.settings import Settings

    first, final = landings
    landing = tmp_path / "landing"
    shutil.copytree(first, landing)
    incremental = Settings(landing=landing, warehouse=tmp_path / "incremental" / "warehouse.duckdb")
    _run_without_dbt_tests(incremental, tmp_path / "dbt-first")
    _land_the_rest(landing, final)
    _run(incremental)
    _changed_deliveries_were_loaded(incremental.warehouse)
    with duckdb.connect(str(incremental.warehouse), read_only=True) as con:
        _assert_only_touched_partitions_rebuilt(dict(con.execute(
            "select model_name, partitions_rebuilt from intermediate.incremental_model_state").fetchall()))
    rebuilt = Settings(landing=final, warehouse=tmp_path / "rebuilt" / "warehouse.duckdb")
    _run_without_dbt_tests(rebuilt, tmp_path / "dbt-rebuilt")
    assert_same_marts(_duckdb_marts(incremental.warehouse), _duckdb_marts(rebuilt.warehouse))


def test_incremental_refresh_equals_full_rebuild_on_postgres(landings, tmp_path, postgres_server):
    from orchestration.settings import Settings

    first, final = landings
    landing = tmp_path / "landing"
    shutil.copytree(first, landing)
    targets = {}
    for name in ("incremental", "rebuilt"):
        postgres_server.create_database(f"continuum_{name}")
        targets[name] = PostgresTarget("127.0.0.1", postgres_server.port, postgres_server.user, "",
                                       f"continuum_{name}")
    incremental = Settings(landing=landing, warehouse=tmp_path / "incremental" / "ingest.duckdb",
                           target="postgres", postgres=targets["incremental"])
    _run_without_dbt_tests(incremental, tmp_path / "dbt-first")
    _land_the_rest(landing, final)
    _run(incremental)
    _changed_deliveries_were_loaded(incremental.warehouse)
    con = targets["incremental"].connect()
    try:
        with con.cursor() as cursor:
            cursor.execute("select model_name, partitions_rebuilt from intermediate.incremental_model_state")
            _assert_only_touched_partitions_rebuilt(dict(cursor.fetchall()))
    finally:
        con.close()
    rebuilt = Settings(landing=final, warehouse=tmp_path / "rebuilt" / "ingest.duckdb", target="postgres",
                       postgres=targets["rebuilt"])
    _run_without_dbt_tests(rebuilt, tmp_path / "dbt-rebuilt")
    assert_same_marts(_postgres_marts(targets["incremental"]), _postgres_marts(targets["rebuilt"]))


def test_a_comparison_of_different_marts_fails():
    """The comparison itself notices a changed value, a missing row and a float beyond 1e-9."""
    rows = {"fct": [("a", 1, 0.5), ("b", 2, None)]}
    assert_same_marts(rows, {"fct": [("b", 2, None), ("a", 1, 0.5 * (1 + 1e-12))]})
    for changed in ([("a", 1, 0.5), ("b", 3, None)], [("a", 1, 0.5)], [("a", 1, 0.5001), ("b", 2, None)]):
        with pytest.raises(AssertionError):
            assert_same_marts(rows, {"fct": changed})


def test_a_run_rebuilds_only_what_its_new_deliveries_reach(landings, tmp_path):
    """One attendance month lands after a full build: the dbt build leaves the assessment and survey
    models as they are, rebuilds the attendance marts; then one assessment window lands; every mart
    equals a full rebuild."""
    from orchestration.run import run_pipeline
    from orchestration.settings import Settings

    first, final = landings
    landing = tmp_path / "landing"
    shutil.copytree(first, landing)
    selective = Settings(landing=landing, warehouse=tmp_path / "selective" / "warehouse.duckdb")
    _run(selective)
    growth_rows = _growth_outcomes_of_2026(selective.warehouse)
    new_month = HELD_BACK[0]
    shutil.copy(final / new_month, landing / new_month)
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = run_pipeline(selective, instance=instance)
        assert outcome.succeeded, outcome.summary()
        records = instance.get_records_for_run(outcome.run_id,
                                               of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
        checked = {record.event_log_entry.dagster_event.event_specific_data.check_name
                   for record in instance.get_records_for_run(
                       outcome.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION, limit=10_000).records}
    built = {"/".join(record.event_log_entry.asset_materialization.asset_key.path) for record in records}
    # The tests of what was rebuilt ran, relationships between a rebuilt model and one left as it was
    # among them; the tests of models left as they were did not.
    assert {"relationships_fct_daily_attendance_student_year__dim_student",
            "unique_combination_fct_daily_attendance_student_key__date_day",
            "relationships_fct_assessment_results_assessment_date__date_day__ref_dim_date_"} <= checked
    assert not checked & {"unique_dim_school_school_id", "unique_fct_assessment_results_assessment_result_key",
                          "relationships_fct_assessment_results_school_id__school_id__ref_dim_school_"}
    assert {"marts/mart_spc_attendance_monthly", "marts/fct_student_attendance_year",
            "marts/mart_outcomes_by_subgroup"} <= built
    assert not built & {"marts/fct_assessment_results", "marts/mart_learner_growth", "marts/fct_survey_responses",
                        "marts/dim_school", "marts/fct_pdsa_cycles"}
    # The BI file follows the marts though only some were rebuilt (Dagster skips a step downstream of
    # any asset left out of the run; publishing depends on mart_catalog alone).
    assert "published/marts" in built
    with duckdb.connect(str(selective.warehouse), read_only=True) as con:
        state = dict(con.execute("select model_name, partitions_rebuilt from intermediate.incremental_model_state "
                                 "where model_name like '%outcome%' or model_name like 'mart_demographic%' "
                                 "or model_name like 'mart_priority%' or model_name like 'int_unit%'").fetchall())
    # The counts of the attendance control charts and the equity chain recomputed the new month (its
    # school year) only.
    assert state.pop("int_unit_attendance_months_summed") == "2026-06-01"
    assert state.pop("int_unit_chronic_absence_school_months_counted") == "2026-06-01"
    assert state == {"int_student_outcomes_unpivoted": "2026", "int_subgroup_outcomes_aggregated": "2026",
                     "int_subgroup_outcomes_suppressed": "2026", "mart_demographic_predictive_value": "2026",
                     "mart_priority_students": "2026"}
    # Within 2026, the equity chain recomputed the attendance outcome alone, and kept the growth
    # outcomes' rows as they were.
    [unpivoted] = Path(f"{selective.warehouse}.dbt").rglob("compiled/**/int_student_outcomes_unpivoted.sql")
    assert "all_outcomes.subject = 'attendance'" in unpivoted.read_text()
    assert _growth_outcomes_of_2026(selective.warehouse) == growth_rows
    with duckdb.connect(str(selective.published_file), read_only=True) as con:
        published = {table: con.execute(f"select * from {table}").fetchall()
                     for (table,) in con.execute("show tables").fetchall()}
    marts = _duckdb_marts(selective.warehouse)
    assert len(published) == len(marts) - 1  # all but fct_daily_attendance
    assert_same_marts(published, {table: marts[table] for table in published})
    # Then the last assessment window, one of its results dated in June 2025 (the previous school year
    # by its date, the spring 2026 window's by its window): the assessment facts recompute the window's
    # month and June 2025, growth and the equity chain the window's school year only.
    new_window = HELD_BACK[2]
    shutil.copy(final / new_window, landing / new_window)
    _rewrite(landing / new_window, lambda rows: [[*rows[0][:6], "2025-06-20", *rows[0][7:]], *rows[1:]])
    # With it, an older window's file re-delivered as one result dated in November, whose lineage was
    # recorded by school year (as before the assessments chain was by month): the rows it replaced,
    # in September, are deleted through that year's months.
    corrected = Path("assessments") / "continuum" / "continuum_results_2024-2025_fall.csv"
    with duckdb.connect(str(selective.warehouse)) as con:
        con.execute("update intermediate.int_assessment_deliveries_partitioned set partition_key = '2025' "
                    "where source_file like '%' || ?", [corrected.name])
    _rewrite(landing / corrected, lambda rows: [[*rows[0][:6], "2024-11-05", *rows[0][7:]]])
    _run(selective)
    with duckdb.connect(str(selective.warehouse), read_only=True) as con:
        state = dict(con.execute("select model_name, partitions_rebuilt from intermediate.incremental_model_state "
                                 "where model_name not like 'int_daily%' and model_name not like '%attendance%' "
                                 "and model_name not like '%survey%' and model_name not like 'int_unit%'").fetchall())
        fall_results = con.execute("select count(*) from marts.fct_assessment_results "
                                   "where window_id = '2024-2025-fall'").fetchone()[0]
    assert fall_results == 1
    assert state == {**{name: "2024-11-01,2025,2025-06-01,2026-05-01" for name in (
        "int_assessment_results_unioned", "int_assessment_results_leveled", "fct_assessment_results")},
        **{name: "2025,2026" for name in (
            "int_learner_window_levels_selected", "mart_learner_growth", "int_growth_by_grade_aggregated",
            "int_growth_by_grade_suppressed", "int_student_outcomes_unpivoted",
            "int_subgroup_outcomes_aggregated", "int_subgroup_outcomes_suppressed",
            "mart_demographic_predictive_value", "mart_priority_students")}}
    rebuilt = Settings(landing=landing, warehouse=tmp_path / "rebuilt" / "warehouse.duckdb")
    _run_without_dbt_tests(rebuilt, tmp_path / "dbt-rebuilt")
    assert_same_marts(_duckdb_marts(selective.warehouse), _duckdb_marts(rebuilt.warehouse))
    _tests_check_what_was_delivered_since_they_last_all_passed(selective, tmp_path / "compiled")


def _growth_outcomes_of_2026(warehouse: Path) -> dict[str, list[tuple]]:
    """The equity chain's rows of school year 2026 for the assessed subjects."""
    tables = {"intermediate": ["int_student_outcomes_unpivoted", "int_subgroup_outcomes_aggregated",
                               "int_subgroup_outcomes_suppressed"], "marts": ["mart_demographic_predictive_value"]}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = {table: sorted(con.execute(f"select * from {schema}.{table} "
                                          "where school_year = 2026 and subject <> 'attendance'").fetchall(),
                              key=_sort_key)
                for schema, names in tables.items() for table in names}
    assert all(rows.values()), [table for table, found in rows.items() if not found]
    return rows


def _compiled_test(settings, work: Path, test: str, scope: Selection | None) -> str:
    env = {**dbt_env(settings, work), **(scope.dbt_environment() if scope else {})}
    result = subprocess.run([str(PROJECT_ROOT / "scripts" / "dbt.sh"), "compile", "--select", test], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    [compiled] = (work / "target" / "compiled").rglob("*.sql")  # long test names get hashed file names
    return compiled.read_text()


def _tests_check_what_was_delivered_since_they_last_all_passed(settings, work: Path) -> None:
    """The scope of the daily fact's data tests after the run that landed June 2026: that month; every
    month delivered since the pipeline's last fully passing build (a test that failed keeps failing);
    a relationship to a dimension rebuilt in this build, everything."""
    unique, related = ("unique_combination_fct_daily_attendance_student_key__date_day",
                       "relationships_fct_daily_attendance_student_year__dim_student")
    june = "cast('2026-06-01' as date)"
    own = _compiled_test(settings, work / "own", unique, None)
    assert june in own and "2025-09-01" not in own
    since_first = Selection(checked_through="2000-01-01 00:00:00.000000+00:00", built_models=["fct_daily_attendance"])
    assert "cast('2025-09-01' as date)" in _compiled_test(settings, work / "since", unique, since_first)
    assert june in _compiled_test(settings, work / "related", related, since_first)
    assert "dbt_subquery" not in _compiled_test(
        settings, work / "rebuilt", related, dataclasses.replace(since_first, built_models=["fct_daily_attendance",
                                                                                           "dim_student"]))
    assert "dbt_subquery" not in _compiled_test(settings, work / "by-hand", related, None)
