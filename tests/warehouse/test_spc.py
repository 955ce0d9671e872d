"""Statistical process control on the sample district (issue 5), on DuckDB and PostgreSQL.

The sample district plants one special cause (sample_district.truth): from January 1 of the final
school year, school ATTENDANCE_SHIFT_SCHOOL_ID's absence probability rises by ATTENDANCE_SHIFT_SIZE;
every other school is a stable process. The monthly attendance p chart must find exactly that.
"""

from __future__ import annotations

import csv
import math
import re
import subprocess
from datetime import date

import pytest

from sample_district import truth
from tests.conftest import PROJECT_ROOT, dbt_env
from tests.warehouse.test_warehouse_build import _duck, _pg

SEEDS = PROJECT_ROOT / "dbt_project" / "seeds"
# Marts whose every row reports students (the survey mart also reports staff and families).
STUDENT_SPC_MARTS = ["mart_spc_attendance_monthly", "mart_spc_chronic_absence_monthly", "mart_spc_continuum_windows"]
PERIODS = {"mart_spc_attendance_monthly": "month_start_date",
           "mart_spc_chronic_absence_monthly": "school_month_start_date",
           "mart_spc_continuum_windows": "window_start_date",
           "mart_spc_survey_favourability": "administration_start_date",
           "mart_spc_pdsa_cycles_monthly": "month_start_date"}
PROCESS_MARTS = ["mart_pdsa_throughput_monthly", "mart_meeting_time_use_monthly",
                 "mart_action_item_follow_through_monthly", "mart_change_idea_testing", "mart_pd_session_ratings",
                 "mart_observation_rubric", "mart_spc_series_status", "mart_spc_bright_spots"]


def _rows(target, build, sql):
    return (_duck if target == "duckdb" else _pg)(build, sql)


def _seed(name):
    with (SEEDS / "testing" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _crossings_min(n_useful: int) -> int:
    """Smallest k with P(Binomial(n_useful - 1, 1/2) <= k) >= 0.05, in exact integer arithmetic."""
    trials, cumulative = n_useful - 1, 0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k)
        if 20 * cumulative >= 2 ** trials:
            return k
    raise AssertionError("unreachable")


def test_reference_seeds_hold_the_published_values_and_exact_binomial_limits():
    limits = {int(row["n_useful"]): row for row in _seed("spc_reference_runs_limits")}
    # qicharts2's published table of run-chart limits
    for n_useful, longest_run_max, crossings_min in [(10, 6, 2), (24, 8, 8), (100, 10, 41)]:
        assert (int(limits[n_useful]["longest_run_max"]), int(limits[n_useful]["n_crossings_min"])) == \
               (longest_run_max, crossings_min)
    for n_useful, row in limits.items():
        assert int(row["longest_run_max"]) == round(math.log2(n_useful)) + 3, n_useful
        assert int(row["n_crossings_min"]) == _crossings_min(n_useful), n_useful
    # NHSRplotthedots "deviations": mean 1.94, limits 4.60 / -0.72 screened and 6.95 / -3.06 unscreened
    points = _seed("spc_reference_points")
    nhs = {row["case_id"]: row for row in points if row["series"] == "nhs_deviations"}
    assert [float(row["value"]) for row in points if row["series"] == "nhs_deviations" and row["case_id"] == "i"] == \
           [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    assert {case: (float(row["expected_center_line"]), float(row["expected_ucl"]), float(row["expected_lcl"]))
            for case, row in nhs.items()} == {"i": (1.94, 4.60, -0.72), "i_unscreened": (1.94, 6.95, -3.06)}


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_spc_macro_reproduces_the_reference_values(target, request, tmp_path):
    """The seed-driven tests of spc_chart pass against the built warehouse on this target."""
    build = request.getfixturevalue(f"{target}_build")
    env = dbt_env(build.settings, tmp_path)
    reference_tests = ["assert_spc_chart_matches_reference", "assert_spc_runs_limits_match_reference"]
    result = subprocess.run([str(PROJECT_ROOT / "scripts" / "dbt.sh"), "test", "--select", *reference_tests],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    for name in reference_tests:  # each ran and passed (the project's hooks add their own PASS lines)
        assert re.search(rf"\bPASS {name} ", result.stdout), result.stdout[-3000:]


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_attendance_shift_is_a_deterioration_at_its_school_and_the_other_schools_show_common_cause(target, request):
    build = request.getfixturevalue(f"{target}_build")
    rows = _rows(target, build, """
        select series_key, month_start_date, school_year, sigma_signal, runs_signal, point_signal, is_latest_point,
               value, center_line
        from marts.mart_spc_attendance_monthly
        where series_level = 'school'
        order by series_key, month_start_date
    """)
    final_year = max(row[2] for row in rows)
    shift_start = date(final_year, *truth.ATTENDANCE_SHIFT_START)
    shifted = [row for row in rows if row[0] == truth.ATTENDANCE_SHIFT_SCHOOL_ID]
    others = [row for row in rows if row[0] != truth.ATTENDANCE_SHIFT_SCHOOL_ID]
    assert len({row[0] for row in others}) == 3 and len(shifted) > 15

    after = [row for row in shifted if row[1] >= shift_start]
    before = [row for row in shifted if row[1] < shift_start]
    # every month from the shift on lies below the lower limit: a deterioration (attendance: higher is better)
    assert after and all(row[3] and row[5] == "deterioration" and row[7] < row[8] for row in after)
    assert not any(row[3] for row in before) and {row[5] for row in before} == {"common_cause"}
    assert [row[5] for row in shifted if row[6]] == ["deterioration"]
    # the other schools: no point outside the limits, no runs signal, common cause throughout
    assert not any(row[3] or row[4] for row in others)
    assert {row[5] for row in others} == {"common_cause"}

    status = dict(_rows(target, build, """
        select series_key, latest_signal from marts.mart_spc_series_status
        where measure_code = 'attendance_rate' and series_level = 'school'
    """))
    assert status.pop(truth.ATTENDANCE_SHIFT_SCHOOL_ID) == "deterioration"
    assert set(status.values()) == {"common_cause"}
    spots = {school: (rank, deteriorating) for school, rank, deteriorating in _rows(target, build, """
        select school_id, problem_area_rank, deteriorating_series from marts.mart_spc_bright_spots""")}
    rank, deteriorating = spots[truth.ATTENDANCE_SHIFT_SCHOOL_ID]
    assert rank == 1 and "attendance_rate" in deteriorating


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_spc_marts_suppress_small_groups_and_hold_no_student_rows(target, request):
    build = request.getfixturevalue(f"{target}_build")
    for mart in STUDENT_SPC_MARTS + ["mart_spc_survey_favourability"]:
        count = "n_respondents" if mart == "mart_spc_survey_favourability" else "n_students"
        wrong = _rows(target, build, f"""
            select count(*) from marts.{mart}
            where is_suppressed <> ({count} < 10)
               or (is_suppressed and (value is not null or lcl is not null or ucl is not null
                                      or point_signal is not null))
        """)[0][0]
        assert wrong == 0, mart
    # a point per group, never per student: far fewer rows than students x periods
    students = _rows(target, build, "select count(distinct student_key) from marts.dim_student")[0][0]
    for mart in STUDENT_SPC_MARTS:
        columns = {name for (name,) in _rows(target, build, "select column_name from information_schema.columns "
                                                            f"where table_schema = 'marts' and table_name = '{mart}'")}
        assert not columns & {"student_key", "student_year_key"}, mart
        assert _rows(target, build, f"select count(*) from marts.{mart}")[0][0] < students, mart


def test_spc_marts_agree_point_for_point_across_targets(duckdb_build, postgres_build):
    """Same centre lines, limits and signals from the same data on both engines (the macro is portable)."""
    for mart, period in PERIODS.items():
        sql = (f"select series_key, {period}, value, center_line, lcl, ucl, sigma_signal, runs_signal, point_signal, "
               f"n_useful, longest_run_max, n_crossings_min from marts.{mart} order by series_key, {period}")
        duck, pg = _rows("duckdb", duckdb_build, sql), _rows("postgres", postgres_build, sql)
        assert duck, f"marts.{mart} is empty"
        assert len(duck) == len(pg), mart
        for left, right in zip(duck, pg):
            assert left[:2] == right[:2] and left[6:] == right[6:], (mart, left, right)
            for a, b in zip(left[2:6], right[2:6]):
                assert (a is None) == (b is None) and (a is None or abs(a - b) < 1e-9), (mart, left, right)
    for mart in PROCESS_MARTS:
        assert _rows("duckdb", duckdb_build, f"select count(*) from marts.{mart}")[0][0] > 0, mart


def test_rare_pdsa_counts_are_not_judged(duckdb_build):
    """A team completing under one cycle a month on average gets no improvement/deterioration call."""
    judged = _rows("duckdb", duckdb_build, """
        select count(*) from marts.mart_spc_pdsa_cycles_monthly
        where center_line < 1 and point_signal is not null
    """)[0][0]
    rare = _rows("duckdb", duckdb_build,
                 "select count(*) from marts.mart_spc_pdsa_cycles_monthly where center_line < 1")[0][0]
    assert rare > 0 and judged == 0
