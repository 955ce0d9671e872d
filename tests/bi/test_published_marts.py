"""The BI boundary: the published marts file (DuckDB target) and the bi_reader role (PostgreSQL)."""

from __future__ import annotations

import json

import duckdb
import psycopg2
import pytest

from bi.publish import PublishRefused, publish_marts
from orchestration.assets.published_marts import published_mart_names
from tests.warehouse.test_warehouse_build import _duck

MIN_GROUP_SIZE = 10


def _published(build):
    return duckdb.connect(str(build.settings.published_file), read_only=True)


def test_published_file_holds_exactly_the_marts_meant_for_bi(duckdb_build):
    marts = {name for (name,) in _duck(duckdb_build, "select table_name from information_schema.tables "
                                                     "where table_schema = 'marts'")}
    # Every mart but the daily attendance fact (mart_catalog leaves it out), the one too big for BI files.
    assert set(published_mart_names()) == marts - {"fct_daily_attendance"}
    with _published(duckdb_build) as con:
        # Written in the storage format the DuckDB 1.4 libraries of BI tools can open (Evidence's connector).
        storage = con.execute("select tags['storage_version'] from duckdb_databases() "
                              "where database_name = current_database()").fetchone()[0]
        assert storage.startswith("v1.4"), storage
        published = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        assert {schema for schema, _ in published} == {"main"}
        assert {name for _, name in published} == set(published_mart_names())
        for name in ("dim_school", "mart_outcomes_by_subgroup", "mart_learner_growth"):
            assert con.execute(f"select count(*) from marts.{name}").fetchone()[0] == \
                _duck(duckdb_build, f"select count(*) from marts.{name}")[0][0]


def test_no_published_table_holds_restricted_data_or_a_small_group(duckdb_build):
    students = ("select sourced_id, identifier, given_name || ' ' || family_name from raw.oneroster_users "
                "where sourced_id in (select user_sourced_id from raw.oneroster_roles where role = 'student')")
    secrets = {value for row in _duck(duckdb_build, students) for value in row if value}
    assert len(secrets) > 1000
    with _published(duckdb_build) as con:
        columns = con.execute("select table_name, column_name, data_type from information_schema.columns").fetchall()
        group_tables = {table for table, column, _ in columns if column == "n_students"}
        assert {"mart_outcomes_by_subgroup", "mart_survey_favourability_by_subgroup"} <= group_tables
        for table in group_tables:
            small = con.execute(f"select count(*) from {table} where not is_suppressed "
                                f"and n_students < {MIN_GROUP_SIZE}").fetchone()[0]
            hidden_but_counted = con.execute(f"select count(*) from {table} where is_suppressed "
                                             "and n_students is not null").fetchone()[0]
            assert small == hidden_but_counted == 0, table
        for table, column, kind in columns:
            if kind == "VARCHAR":
                values = {v for (v,) in con.execute(f'select distinct "{column}" from {table}').fetchall()}
                assert not (values & secrets), f"{table}.{column} holds restricted values"


def test_publishing_refuses_a_restricted_column_and_keeps_the_last_publication(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.dim_school as select 'SCH1' as school_id")
    assert publish_marts(warehouse, published).rows_by_table == {"dim_school": 1}
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create table marts.oops as select 'Ada' as given_name")
    with pytest.raises(PublishRefused, match="oops.given_name"):
        publish_marts(warehouse, published)
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select table_name from information_schema.tables").fetchall() == [("dim_school",)]
    assert [path.name for path in tmp_path.iterdir() if "publishing" in path.name] == []


def test_publishing_named_marts_copies_views_as_tables_and_leaves_the_rest_out(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.dim_school as select 'SCH1' as school_id; "
                    "create view marts.fct_school_days as select school_id, 1 as n_days from marts.dim_school; "
                    "create table marts.fct_big as select range as n from range(3)")
    publication = publish_marts(warehouse, published, ["dim_school", "fct_school_days"])
    assert publication.rows_by_table == {"dim_school": 1, "fct_school_days": 1}
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select table_name, table_type from information_schema.tables order by 1").fetchall() == \
            [("dim_school", "BASE TABLE"), ("fct_school_days", "BASE TABLE")]
    with pytest.raises(PublishRefused, match="mart_missing"):
        publish_marts(warehouse, published, ["dim_school", "mart_missing"])


def test_republishing_writes_only_the_marts_that_changed(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.dim_school as select 'SCH1' as school_id; "
                    "create table marts.fct_days as select range as n from range(3); "
                    "create table marts.fct_old as select 1 as n")
    assert publish_marts(warehouse, published).written == ["dim_school", "fct_days", "fct_old"]
    with duckdb.connect(str(published)) as con:
        con.execute("create view someones_view as select 1 as n")  # not ours to keep
    with duckdb.connect(str(warehouse)) as con:
        # same rows, another order: unchanged; new content of the same size: changed; a comment only
        con.execute("create or replace table marts.fct_days as select 2 - range as n from range(3); "
                    "create or replace table marts.dim_school as select 'SCH2' as school_id; "
                    "comment on table marts.fct_days is 'Days.'; drop table marts.fct_old")
    publication = publish_marts(warehouse, published)
    assert publication.written == ["dim_school"]
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select table_name, comment from duckdb_tables() "
                           "order by 1").fetchall() == [("dim_school", None), ("fct_days", "Days.")]
        assert con.execute("select count(*) from duckdb_views() where not internal").fetchone() == (0,)
        assert con.execute("select school_id from dim_school").fetchall() == [("SCH2",)]
        assert sorted(con.execute("select n from fct_days").fetchall()) == [(0,), (1,), (2,)]
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table marts.fct_days alter n type double")  # same values, another type
    assert publish_marts(warehouse, published).written == ["fct_days"]
    published.write_bytes(b"not a DuckDB file")  # a damaged publication is replaced whole
    assert publish_marts(warehouse, published).written == ["dim_school", "fct_days"]
    assert publish_marts(warehouse, published).written == []


def test_republishing_trusts_the_remembered_signatures_only_while_the_file_is_unchanged(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.dim_school as select 'SCH1' as school_id; "
                    "create table marts.fct_days as select range as n from range(3)")
    publish_marts(warehouse, published)
    remembered = published.with_name("marts.duckdb.signatures.json")
    record = json.loads(remembered.read_text())
    # The remembered signatures stand for the file's tables (not hashed again): one said to differ is written.
    record["tables"]["dim_school"]["hash"] += 1
    remembered.write_text(json.dumps(record))
    assert publish_marts(warehouse, published).written == ["dim_school"]
    # A file edited after publishing is hashed again (its size or modification time changed).
    with duckdb.connect(str(published)) as con:
        con.execute("update fct_days set n = n + 10")
    assert publish_marts(warehouse, published).written == ["fct_days"]
    remembered.write_text("{")  # unreadable: hashed again too
    assert publish_marts(warehouse, published).written == []
    with duckdb.connect(str(published), read_only=True) as con:
        assert sorted(con.execute("select n from fct_days").fetchall()) == [(0,), (1,), (2,)]


def test_bi_reader_role_reads_marts_and_nothing_else(postgres_build):
    pg = postgres_build.settings.postgres
    con = psycopg2.connect(host=pg.host, port=pg.port, user="bi_reader", dbname=pg.database)
    con.autocommit = True
    try:
        with con.cursor() as cursor:
            cursor.execute("select count(*) from marts.mart_outcomes_by_subgroup")
            assert cursor.fetchone()[0] > 0
            for table in ("restricted.student_identity", "restricted.priority_student_list", "raw.oneroster_users",
                          "audit.ingest_log", "intermediate.int_subgroup_outcomes_aggregated",
                          "staging.stg_sis__users"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cursor.execute(f"select 1 from {table} limit 1")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cursor.execute("create table marts.scribble (x integer)")
    finally:
        con.close()


def test_republishing_hashes_an_incremental_mart_again_only_after_a_build_of_it(tmp_path, monkeypatch):
    """An incremental mart's rows change only in a build of it, which rewrites its build record in the same
    transaction: while the record is the one the remembered signature was taken with, the rows are not
    hashed again (the unchanged facts of an attendance month took up to a second at 100k students)."""
    from bi import publish

    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create schema intermediate; "
                    "create table marts.dim_school as select 'SCH1' as school_id; "
                    "create table marts.fct_results as select range as n from range(3); "
                    f"create table {publish.INCREMENTAL_BUILDS} as select 'fct_results' as model_name, "
                    "'code v1' as fingerprint, timestamp '2026-11-01 02:00:00' as built_at")
    assert publish_marts(warehouse, published).written == ["dim_school", "fct_results"]
    hashed = []
    signature = publish._signature
    monkeypatch.setattr(publish, "_signature", lambda con, database, schema, table: (
        hashed.append(table), signature(con, database, schema, table))[1])
    assert publish_marts(warehouse, published).written == []
    assert hashed == ["dim_school"]  # fct_results: its columns only, not its rows

    def build(rows_sql: str) -> list[str]:
        with duckdb.connect(str(warehouse)) as con:
            con.execute(f"{rows_sql}; update {publish.INCREMENTAL_BUILDS} set built_at = built_at + interval 1 day")
        hashed.clear()
        return publish_marts(warehouse, published).written

    assert build("update marts.fct_results set n = n + 1") == ["fct_results"]
    assert "fct_results" in hashed
    assert build("select 1") == []  # built again, same rows: hashed, and kept
    assert "fct_results" in hashed
    with duckdb.connect(str(published), read_only=True) as con:
        assert sorted(con.execute("select n from fct_results").fetchall()) == [(1,), (2,), (3,)]
    with duckdb.connect(str(warehouse)) as con:  # a column changed type: hashed again whatever the record says
        con.execute("alter table marts.fct_results alter n type double")
    hashed.clear()
    assert publish_marts(warehouse, published).written == ["fct_results"]


def test_republishing_replaces_only_the_school_years_that_changed(tmp_path, monkeypatch):
    """A mart with a school_year column is compared year by year; when the years that changed hold at most
    half its rows, only their rows are deleted and inserted, and the file reads exactly as the warehouse."""
    from bi import publish

    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "marts.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.fct_results as "
                    "select 2021 + range % 4 as school_year, range as n from range(400)")
    publish_marts(warehouse, published)
    statements = []

    def republish(change_sql: str) -> publish.Publication:
        with duckdb.connect(str(warehouse)) as con:
            con.execute(change_sql)
        statements.clear()
        publication = publish_marts(warehouse, published)
        with duckdb.connect(str(warehouse), read_only=True) as con:
            expected = sorted(con.execute("select * from marts.fct_results").fetchall(), key=str)
        with duckdb.connect(str(published), read_only=True) as con:
            assert sorted(con.execute("select * from fct_results").fetchall(), key=str) == expected
        return publication

    execute = duckdb.DuckDBPyConnection.execute
    monkeypatch.setattr(duckdb.DuckDBPyConnection, "execute", lambda con, sql, *args: (
        statements.append(sql), execute(con, sql, *args))[1])
    # One year's rows changed and a new year arrived: those two are replaced, the file's other rows stay.
    publication = republish("update marts.fct_results set n = n + 1000 where school_year = 2024; "
                            "insert into marts.fct_results select 2025, range from range(30)")
    assert publication.written == ["fct_results"] and publication.years_written == {"fct_results": ["2024", "2025"]}
    assert not any(sql.startswith("create table") for sql in statements)
    assert [sql.split(" where ")[1] for sql in statements if sql.startswith("delete")] == \
        ["cast(school_year as varchar) in ('2024', '2025')"]
    # A year gone, and rows without a school year: deleted and inserted as such.
    publication = republish("delete from marts.fct_results where school_year = 2021; "
                            "insert into marts.fct_results values (null, -1)")
    assert publication.years_written == {"fct_results": ["2021", None]}
    # Most of the rows changed, or the columns did: written whole.
    assert republish("update marts.fct_results set n = n + 1 where school_year >= 2022").years_written == {}
    assert any(sql.startswith("create table published.main.\"fct_results\"") for sql in statements)
    publication = republish("alter table marts.fct_results alter n type double")
    assert publication.written == ["fct_results"] and publication.years_written == {}
    assert republish("select 1").written == []
