"""Create a small Continuum-like DuckDB file with Python duckdb 2.0.

Writes two files:
  data/continuum_v2.duckdb      -- default storage (what Python duckdb 2.0 writes by default: v2.0.0+)
  data/continuum.duckdb         -- same content, written with STORAGE_VERSION 'v1.4.0' so that
                                   DuckDB 1.4.x (@duckdb/node-api 1.4.2-r.1, used by @evidence-dev/duckdb 2.0.1) can read it
"""
import duckdb, os, sys

def build(con, db):
    con.execute(f"create schema {db}.marts")
    con.execute(f"""
    create table {db}.marts.attendance_daily (
      attendance_date date, school_name varchar, attendance_rate double,
      students_present integer, is_full_day boolean, term varchar)""")
    con.execute(f"""insert into {db}.marts.attendance_daily values
      (date '2024-09-02', 'North High', 0.951, 412, true,  'fall'),
      (date '2024-09-03', 'North High', 0.943, 409, true,  'fall'),
      (date '2024-09-04', 'North High', NULL,  NULL, NULL, 'fall'),
      (date '2024-09-05', 'North High', 0.962, 415, false, NULL),
      (date '2024-09-02', 'South Middle', 0.921, 301, true, 'fall'),
      (date '2024-09-03', 'South Middle', 0.934, 305, true, 'fall'),
      (date '2024-09-04', 'South Middle', 0.917, 299, false, 'fall'),
      (date '2024-09-05', 'South Middle', 0.928, NULL, true, 'fall')""")
    con.execute(f"""
    create table {db}.marts.enrollment_by_grade (
      grade_level varchar, enrolled integer, pct_female double, is_elementary boolean, snapshot_date date)""")
    con.execute(f"""insert into {db}.marts.enrollment_by_grade values
      ('K', 120, 0.48, true,  date '2024-10-01'),
      ('1', 131, 0.51, true,  date '2024-10-01'),
      ('2', 118, NULL, false, date '2024-10-01'),
      ('3', NULL, 0.47, NULL, NULL),
      ('4', 125, 0.50, true,  date '2024-10-01')""")

os.makedirs("data", exist_ok=True)
for name, opts in [("continuum_v2.duckdb", ""), ("continuum.duckdb", " (STORAGE_VERSION 'v1.4.0')")]:
    p = os.path.join("data", name)
    for f in (p, p + ".wal"):
        if os.path.exists(f): os.remove(f)
    con = duckdb.connect()
    con.execute(f"attach '{p}' as cdb{opts}")
    build(con, "cdb")
    print(name, con.execute("select tags from duckdb_databases() where database_name='cdb'").fetchone())
    con.execute("detach cdb")
    con.close()
print("python duckdb", duckdb.__version__)
