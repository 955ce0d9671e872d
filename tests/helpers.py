"""Small builders for landing folders, so each test shows exactly the rows it is about."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import duckdb

from ingestion.landing import scan_landing
from ingestion.load import TableLoadReport, load_table
from ingestion.registry import SOURCE_TABLES, source_table
from ingestion.warehouse import Warehouse

STUDENTS = ["1001", "1002", "1003", "1004", "1005"]
SCHOOLS = ["S1", "S2"]

MANIFEST_12 = [
    ["manifest.version", "1.0"], ["oneroster.version", "1.2"], ["file.academicSessions", "bulk"],
    ["file.classes", "bulk"], ["file.courses", "bulk"], ["file.demographics", "bulk"],
    ["file.enrollments", "bulk"], ["file.orgs", "bulk"], ["file.roles", "bulk"], ["file.users", "bulk"],
    ["file.results", "absent"],
]


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([["" if value is None else value for value in row] for row in rows])
    return path


def write_roster(landing: Path, bundle: str = "oneroster_2025-2026", students: Sequence[str] = STUDENTS) -> Path:
    """A minimal, valid OneRoster 1.2 bundle: a district, two schools, a teacher and the students."""
    folder = landing / "sis" / bundle
    write_csv(folder / "manifest.csv", ["propertyName", "value"], MANIFEST_12)
    write_csv(folder / "orgs.csv", ["sourcedId", "status", "dateLastModified", "name", "type", "identifier",
                                    "parentSourcedId"],
              [["D1", "active", "", "District", "district", "", ""],
               *[[s, "active", "", f"School {s}", "school", "", "D1"] for s in SCHOOLS]])
    write_csv(folder / "academicSessions.csv", ["sourcedId", "status", "dateLastModified", "title", "type",
                                                "startDate", "endDate", "parentSourcedId", "schoolYear"],
              [["Y2026", "active", "", "2025-2026", "schoolYear", "2025-08-18", "2026-06-05", "", "2026"]])
    write_csv(folder / "users.csv", ["sourcedId", "enabledUser", "givenName", "familyName", "identifier",
                                     "grades", "password", "primaryOrgSourcedId"],
              [*[[s, "true", f"Given{s}", f"Family{s}", f"ST{s}", "03", "secret", "S1"] for s in students],
               ["T1", "true", "Tess", "Teacher", "", "", "secret", "S1"]])
    write_csv(folder / "roles.csv", ["sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"],
              [*[[f"R{s}", s, "primary", "student", "S1"] for s in students], ["RT1", "T1", "primary", "teacher", "S1"]])
    write_csv(folder / "demographics.csv", ["sourcedId", "birthDate", "sex", "white", "hispanicOrLatinoEthnicity"],
              [[s, "2016-05-01", "female", "true", "false"] for s in students])
    write_csv(folder / "courses.csv", ["sourcedId", "title", "orgSourcedId"], [["C1", "Grade 3", "S1"]])
    write_csv(folder / "classes.csv", ["sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId",
                                       "termSourcedIds"], [["K1", "Homeroom 3A", "C1", "homeroom", "S1", "Y2026"]])
    write_csv(folder / "enrollments.csv", ["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId",
                                           "role", "primary"],
              [*[[f"E{s}", "K1", "S1", s, "student", "false"] for s in students], ["ET1", "K1", "S1", "T1", "teacher", "true"]])
    return folder


def ingest(landing: Path, warehouse: Warehouse, *tables: str) -> dict[str, TableLoadReport]:
    """Load the named tables (all, when none are named) in registry order, as the assets would."""
    names = set(tables) or {table.name for table in SOURCE_TABLES}
    scan = scan_landing(landing)
    warehouse.prepare(SOURCE_TABLES)
    return {table.name: load_table(table, landing, warehouse, scan=scan)
            for table in SOURCE_TABLES if table.name in names}


def ingest_one(landing: Path, warehouse: Warehouse, table: str) -> TableLoadReport:
    warehouse.prepare(SOURCE_TABLES)
    return load_table(source_table(table), landing, warehouse)


def rows(warehouse: Warehouse, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    with duckdb.connect(str(warehouse.path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def quarantine_reasons(warehouse: Warehouse, table: str) -> dict[int, str]:
    return dict(rows(warehouse, "select row_number, reason from audit.quarantine where source_table = ? "
                                "order by row_number", [table]))
