"""The equity marts on a real build: privacy holds on both targets, and the gaps the sample
district was generated with show up in mart_outcomes_by_subgroup."""

from __future__ import annotations

import collections
import math

import pytest

from sample_district import truth
from tests.warehouse.test_warehouse_build import _duck, _pg

MIN_GROUP_SIZE = 10  # dbt_project.yml var min_group_size
EXHAUSTIVE_CATEGORIES = ("race_ethnicity", "sex")  # var exhaustive_subgroup_categories
OUTCOME_COLUMNS = ("reporting_level, district_id, school_id, school_year, subject, outcome_code, subgroup_category, "
                   "subgroup_code, n_students, is_suppressed, outcome_value, is_bounded, outcome_display, "
                   "gap_to_all_students, gap_to_best_served, risk_ratio, suppression_reason")
Cell = collections.namedtuple("Cell", OUTCOME_COLUMNS.replace(",", " "))


def _cells(target, request) -> list[Cell]:
    build = request.getfixturevalue(f"{target}_build")
    query = _duck if target == "duckdb" else _pg
    return [Cell(*row) for row in query(build, f"select {OUTCOME_COLUMNS} from marts.mart_outcomes_by_subgroup")]


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_no_reported_group_is_below_the_minimum_size(target, request):
    cells = _cells(target, request)
    assert len(cells) > 1000
    suppressed = [cell for cell in cells if cell.is_suppressed]
    shown = [cell for cell in cells if not cell.is_suppressed]
    # The sample district has small groups (e.g. 'other' sex, Pacific Islander students), so both kinds exist.
    assert {cell.suppression_reason for cell in suppressed} == {"below_min_group_size", "complementary"}
    assert all(cell.n_students >= MIN_GROUP_SIZE for cell in shown)
    for cell in suppressed:
        assert cell.n_students is None and cell.outcome_value is None and cell.outcome_display == "suppressed"
        assert cell.gap_to_all_students is None and cell.gap_to_best_served is None and cell.risk_ratio is None
    for cell in cells:
        if cell.is_bounded:  # a bound gives no exact value and nothing computed from one
            assert cell.outcome_value is None and cell.gap_to_all_students is None and cell.risk_ratio is None
            assert cell.outcome_display in ("<=5%", ">=95%")
            assert cell.n_students * 0.05 < MIN_GROUP_SIZE


GROUP_MARTS = {  # BI-facing group marts and the columns that say what a cell measures
    "mart_outcomes_by_subgroup": ("school_year", "subject", "outcome_code"),
    "mart_survey_favourability_by_subgroup": ("administration_id", "respondent_type", "construct"),
}


@pytest.mark.parametrize("mart", sorted(GROUP_MARTS))
@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_no_suppressed_value_can_be_recovered_by_subtraction(target, mart, request):
    """Every sum a reader could subtract from holds zero or at least two hidden cells: the groups of
    race/ethnicity (or sex) add up to all students of a school or the district, and the schools add
    up to the district for every subgroup. Checked here independently of the dbt macro."""
    build = request.getfixturevalue(f"{target}_build")
    query = _duck if target == "duckdb" else _pg
    measure_columns = ", ".join(GROUP_MARTS[mart])
    cells = query(build, f"select reporting_level, district_id, school_id, subgroup_category, subgroup_code, "
                         f"is_suppressed, n_students, {measure_columns} from marts.{mart}")
    assert len(cells) > 500
    sums = collections.defaultdict(list)
    for level, district, school, category, code, hidden, n_students, *measure in cells:
        assert hidden or n_students >= MIN_GROUP_SIZE
        unit = (level, district, school, *measure)
        if category in EXHAUSTIVE_CATEGORIES:
            sums[("within", unit, category)].append(hidden)
        if code == "all_students":
            for each in EXHAUSTIVE_CATEGORIES:
                sums[("within", unit, each)].append(hidden)
        sums[("across", district, code, *measure)].append(hidden)
    exposed = [key for key, members in sums.items() if sum(members) == 1]
    assert exposed == []
    # The check has teeth: some sums do hold hidden cells (complementary suppression did work).
    assert any(sum(members) >= 2 for members in sums.values())


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_no_suppressed_grade_can_be_recovered_by_subtraction(target, request):
    """mart_growth_by_grade: the grades of a school or the district add up to all grades, and the
    schools add up to the district for every grade; no such sum may have exactly one hidden cell."""
    build = request.getfixturevalue(f"{target}_build")
    query = _duck if target == "duckdb" else _pg
    cells = query(build, "select reporting_level, district_id, school_id, school_year, subject, grade_level, "
                         "is_suppressed, n_students, share_at_or_above_grade_level from marts.mart_growth_by_grade")
    assert len(cells) > 50
    sums = collections.defaultdict(list)
    for level, district, school, year, subject, grade, hidden, n_students, share in cells:
        assert (n_students is None and share is None) if hidden else n_students >= MIN_GROUP_SIZE
        sums[("within", level, district, school, year, subject)].append(hidden)
        sums[("across", district, year, subject, grade)].append(hidden)
    assert [key for key, members in sums.items() if sum(members) == 1] == []


def test_equity_marts_agree_across_targets(duckdb_build, postgres_build):
    def rows_of(query, build, sql):
        return sorted((tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in query(build, sql)),
                      key=repr)

    outcomes = "select * from marts.mart_outcomes_by_subgroup"
    assert rows_of(_duck, duckdb_build, outcomes) == rows_of(_pg, postgres_build, outcomes)
    r_squared = ("select reporting_level, school_id, school_year, subject, outcome_code, predictor_set, n_students, "
                 "r_squared from marts.mart_demographic_predictive_value")
    assert rows_of(_duck, duckdb_build, r_squared) == rows_of(_pg, postgres_build, r_squared)
    survey = "select * from marts.mart_survey_favourability_by_subgroup"
    assert rows_of(_duck, duckdb_build, survey) == rows_of(_pg, postgres_build, survey)
    grades = "select * from marts.mart_growth_by_grade"
    assert rows_of(_duck, duckdb_build, grades) == rows_of(_pg, postgres_build, grades)


def test_generated_growth_gaps_show_up_in_the_marts(duckdb_build):
    """The generator slows growth by 0.2 levels a year for economically disadvantaged students, 0.15
    for English learners and 0.3 for students with IEPs (truth.GROWTH_EFFECT_*). The mart's mean
    annualised growth of each group against everyone else (derived from the group's and all
    students' means and counts), pooled over years and subjects by n, must recover each within 0.1
    levels a year: about two standard errors at 400 students, and the programs overlap (EL students
    are more often disadvantaged), which shifts each marginal gap by a few hundredths."""
    rows = _duck(duckdb_build, """
        select subject, school_year, subgroup_code, n_students, outcome_value
        from marts.mart_outcomes_by_subgroup
        where reporting_level = 'district' and outcome_code = 'mean_annualised_growth' and not is_suppressed""")
    everyone = {(s, y): (n, m) for s, y, code, n, m in rows if code == "all_students"}
    pooled = collections.defaultdict(lambda: [0.0, 0])
    for subject, year, code, n, mean in rows:
        if code == "all_students":
            continue
        all_n, all_mean = everyone[(subject, year)]
        others_mean = (all_n * all_mean - n * mean) / (all_n - n)
        pooled[code][0] += n * (mean - others_mean)
        pooled[code][1] += n
    observed = {code: total / n for code, (total, n) in pooled.items()}
    planted = {"economically_disadvantaged": truth.GROWTH_EFFECT_ECON_DISADV,
               "english_learner": truth.GROWTH_EFFECT_ENGLISH_LEARNER,
               "students_with_disabilities": truth.GROWTH_EFFECT_IEP}
    for code, effect in planted.items():
        expected = effect * truth.GROWTH_MEAN_MULTIPLIER
        assert abs(observed[code] - expected) <= 0.1, (code, observed[code], expected)
    # Starting levels are lower for the same groups, so each is more often a priority than everyone else.
    ratios = _duck(duckdb_build, """
        select subgroup_code, min(risk_ratio) from marts.mart_outcomes_by_subgroup
        where reporting_level = 'district' and outcome_code = 'pct_priority' and subject = 'reading'
          and subgroup_code in ('economically_disadvantaged', 'english_learner', 'students_with_disabilities')
        group by subgroup_code""")
    assert len(ratios) == 3 and all(ratio > 1.5 for _, ratio in ratios), ratios


def test_r_squared_matches_a_direct_computation(duckdb_build):
    """Share of variance in reading growth explained by disability status, district-wide, recomputed
    here from the student-level marts with the textbook formula."""
    students = _duck(duckdb_build, """
        select growth.school_year, growth.annualised_growth, students.is_students_with_disabilities
        from marts.mart_learner_growth as growth
        inner join marts.dim_student as students on growth.student_year_key = students.student_year_key
        where growth.subject = 'reading' and growth.annualised_growth is not null""")
    by_year = collections.defaultdict(list)
    for year, growth, flag in students:
        by_year[year].append((growth, bool(flag)))
    marts = dict(_duck(duckdb_build, """
        select school_year, r_squared from marts.mart_demographic_predictive_value
        where reporting_level = 'district' and subject = 'reading' and outcome_code = 'mean_annualised_growth'
          and predictor_set = 'students_with_disabilities'"""))
    assert set(marts) == set(by_year)
    for year, values in by_year.items():
        mean = sum(v for v, _ in values) / len(values)
        total = sum((v - mean) ** 2 for v, _ in values)
        between = 0.0
        for flag in (True, False):
            group = [v for v, f in values if f == flag]
            between += len(group) * (sum(group) / len(group) - mean) ** 2
        assert math.isclose(marts[year], between / total, rel_tol=1e-9)
        assert 0.01 < marts[year] < 0.5  # a real, partial effect


def test_priority_list_names_only_in_restricted(duckdb_build):
    counts = _duck(duckdb_build, """
        select (select count(*) from marts.mart_priority_students),
               (select count(*) from restricted.priority_student_list where family_name is not null),
               (select count(*) from marts.mart_learner_growth where is_priority or is_not_progressing
                                                              or is_advancing_rapidly)""")[0]
    assert counts[0] == counts[1] == counts[2] > 50
    first = _duck(duckdb_build, """
        select urgency_tier, levels_behind from marts.mart_priority_students
        where urgency_rank = 1 order by school_year, school_id""")
    assert all(tier == 1 or tier == 2 for tier, _ in first)  # the sample has students far behind and stuck


def test_generated_survey_belonging_gap_shows_up(duckdb_build):
    """English learners answer belonging items less favourably (truth.SURVEY_EL_BELONGING_GAP, -0.15)
    and the other constructs without a planted gap: belonging must be their largest gap, and negative."""
    gaps = dict(_duck(duckdb_build, """
        select construct, sum(gap_to_all_students * n_students) / sum(n_students)
        from marts.mart_survey_favourability_by_subgroup
        where reporting_level = 'district' and subgroup_code = 'english_learner' and not is_suppressed
        group by construct"""))
    assert truth.SURVEY_EL_BELONGING_GAP < 0
    assert gaps["belonging"] == min(gaps.values()) and gaps["belonging"] < -0.05, gaps
