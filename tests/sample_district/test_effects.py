"""The structure built into the data is recoverable from the files at about the
size truth.py declares.

Runs on the EFFECTS district (6,000 students x 2 years, 4 schools, seed 7).  Each
tolerance is stated next to its check and is at least ~3.5 standard errors of the
estimate at this size (checked over 30 seeds), so the checks are robust to the seed while still failing
if an effect is missing, doubled or of the wrong sign.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from sample_district import GenerationSummary, truth

from .sd_helpers import LABELS, read

PROGRAMS = ("economically_disadvantaged", "english_learner", "iep")


def _flags(out, label: str) -> pl.DataFrame:
    prog = read(out / f"sis/program_participation/program_participation_{label}.csv")
    return (
        prog.select("student_id", *[(pl.col("program_code") == p).alias(p) for p in PROGRAMS])
        .group_by("student_id")
        .agg(pl.all().any())
    )


def _students(out, label: str) -> pl.DataFrame:
    users = read(out / f"sis/oneroster_{label}/users.csv").filter(~pl.col("sourcedId").str.starts_with("T"))
    return users.select(
        pl.col("sourcedId").alias("student_id"),
        pl.col("primaryOrgSourcedId").alias("school_id"),
        pl.col("grades").replace("KG", "00").cast(pl.Int64).alias("grade"),
    ).join(_flags(out, label), on="student_id", how="left").with_columns(pl.col(PROGRAMS).fill_null(False))


def _ols(df: pl.DataFrame, y: np.ndarray) -> dict[str, float]:
    x = np.column_stack([np.ones(df.height), *(df[p].to_numpy().astype(float) for p in PROGRAMS)])
    coef = np.linalg.lstsq(x, y, rcond=None)[0]
    return dict(zip(("intercept", *PROGRAMS), coef))


@pytest.fixture(scope="module")
def attendance(effects: GenerationSummary) -> pl.DataFrame:
    frames = []
    for label in LABELS:
        year = int(label[-4:])
        for rel in sorted(r for r in effects.rows if r.startswith("sis/attendance/")):
            if f"{year - 1}-08" <= rel[-11:-4] <= f"{year}-07":
                frames.append(read(effects.out / rel).with_columns(school_year=pl.lit(year)))
    att = pl.concat(frames).with_columns(
        absent=pl.col("attendance_status").str.ends_with("_absence"),
        after_jan1=pl.col("attendance_date").str.slice(5, 2).cast(pl.Int64) < 7,
    )
    econ = pl.concat([_students(effects.out, lab).select("student_id", "economically_disadvantaged", pl.lit(int(lab[-4:])).alias("school_year")) for lab in LABELS])
    return att.join(econ, on=["student_id", "school_year"])


def _rate(att: pl.DataFrame, **eq: object) -> float:
    return att.filter(**eq)["absent"].mean()


def test_attendance_shift_at_sch002_after_january_of_final_year(attendance: pl.DataFrame) -> None:
    last, first = int(LABELS[-1][-4:]), int(LABELS[0][-4:])
    assert truth.ATTENDANCE_SHIFT_SCHOOL_ID == "SCH002" and truth.ATTENDANCE_SHIFT_START == (1, 1)
    s_before = _rate(attendance, school_year=last, school_id="SCH002", after_jan1=False)
    s_after = _rate(attendance, school_year=last, school_id="SCH002", after_jan1=True)
    others = attendance.filter((pl.col("school_year") == last) & (pl.col("school_id") != "SCH002"))
    o_before, o_after = _rate(others, after_jan1=False), _rate(others, after_jan1=True)
    # Same students before and after, so the within-school change has SE ~0.002.
    assert s_after - s_before == pytest.approx(truth.ATTENDANCE_SHIFT_SIZE, abs=0.015)
    assert (s_after - s_before) - (o_after - o_before) == pytest.approx(truth.ATTENDANCE_SHIFT_SIZE, abs=0.015)
    # Between schools, baseline differences (ED mix) add up to ~0.01.
    assert s_after - o_after == pytest.approx(truth.ATTENDANCE_SHIFT_SIZE, abs=0.025)
    # No shift anywhere else: other schools in the final year, and SCH002 the year before.
    assert abs(o_after - o_before) < 0.01
    assert abs(_rate(attendance, school_year=first, school_id="SCH002", after_jan1=True)
               - _rate(attendance, school_year=first, school_id="SCH002", after_jan1=False)) < 0.01
    for school in ("SCH001", "SCH003", "SCH004"):
        assert abs(_rate(attendance, school_year=last, school_id=school, after_jan1=True)
                   - _rate(attendance, school_year=last, school_id=school, after_jan1=False)) < 0.012, school


def test_attendance_levels_and_status_mix(attendance: pl.DataFrame) -> None:
    base = attendance.filter(pl.col("school_year") == int(LABELS[0][-4:]))  # no shift in this year
    mean_p = (1 - truth.CHRONIC_ABSENCE_SHARE) * truth.ABSENCE_TYPICAL_MEAN + truth.CHRONIC_ABSENCE_SHARE * np.mean(
        truth.CHRONIC_ABSENCE_RANGE) + truth.ECON_DISADV_SHARE * truth.ABSENCE_EFFECT_ECON_DISADV
    assert base["absent"].mean() == pytest.approx(mean_p, abs=0.006)  # SE ~0.001 (student heterogeneity)
    ed_gap = _rate(base, economically_disadvantaged=True) - _rate(base, economically_disadvantaged=False)
    assert ed_gap == pytest.approx(truth.ABSENCE_EFFECT_ECON_DISADV, abs=0.008)  # SE ~0.002
    absent = base.filter("absent")
    assert (absent["attendance_status"] == "unexcused_absence").mean() == pytest.approx(truth.UNEXCUSED_SHARE_OF_ABSENCES, abs=0.01)
    present = base.filter(~pl.col("absent"))
    assert (present["attendance_status"] == "tardy").mean() == pytest.approx(truth.TARDY_RATE, abs=0.003)
    assert (present["attendance_status"] == "early_departure").mean() == pytest.approx(truth.EARLY_DEPARTURE_RATE, abs=0.002)
    # Chronic absence (>= 10 % of days missed): the chronic-propensity group plus typical
    # students who cross the line, so a bit above CHRONIC_ABSENCE_SHARE.
    per_student = base.group_by("student_id").agg(pl.col("absent").mean())
    chronic = (per_student["absent"] >= 0.10).mean()
    assert truth.CHRONIC_ABSENCE_SHARE - 0.01 < chronic < truth.CHRONIC_ABSENCE_SHARE + 0.06


def test_growth_effects(effects: GenerationSummary) -> None:
    """Fall-to-spring reading growth x 3/2 = annual growth; regress on program flags."""
    frames, ys = [], []
    for label in LABELS:
        st = _students(effects.out, label)
        lvl = {}
        for w in ("fall", "spring"):
            res = read(effects.out / f"assessments/continuum/continuum_results_{label}_{w}.csv").filter(subject="reading")
            lvl[w] = res.select("student_id", pl.col("continuum_level").cast(pl.Float64).alias(w))
        d = st.join(lvl["fall"], on="student_id").join(lvl["spring"], on="student_id")
        frames.append(d)
        ys.append(((d["spring"] - d["fall"]) * 1.5).to_numpy())
    d = pl.concat(frames)
    coef = _ols(d, np.concatenate(ys))
    m = truth.GROWTH_MEAN_MULTIPLIER
    # n ~ 11,600 student-years, residual sd ~0.5: SEs ~0.01 (ED), ~0.017 (EL, IEP).  Tolerance 0.06.
    assert coef["intercept"] == pytest.approx(truth.GROWTH_BASE * m, abs=0.04)
    assert coef["economically_disadvantaged"] == pytest.approx(truth.GROWTH_EFFECT_ECON_DISADV * m, abs=0.06)
    assert coef["english_learner"] == pytest.approx(truth.GROWTH_EFFECT_ENGLISH_LEARNER * m, abs=0.06)
    assert coef["iep"] == pytest.approx(truth.GROWTH_EFFECT_IEP * m, abs=0.06)
    # Simple subgroup difference (what a dashboard shows) has the right sign and size too.
    growth = d.with_columns(g=pl.Series(np.concatenate(ys)))
    ed_gap = growth.filter("economically_disadvantaged")["g"].mean() - growth.filter(~pl.col("economically_disadvantaged"))["g"].mean()
    assert -0.3 < ed_gap < -0.15


def test_starting_level_offsets(effects: GenerationSummary) -> None:
    """Year-one fall levels relative to expected_level, grades 3+ (where the floor never binds)."""
    label = LABELS[0]
    st = _students(effects.out, label).filter(pl.col("grade") >= 3)
    res = read(effects.out / f"assessments/continuum/continuum_results_{label}_fall.csv")
    d = st.join(res.filter(subject="reading").select("student_id", pl.col("continuum_level").cast(pl.Float64)), on="student_id")
    expected = np.array([truth.expected_level(g, 0) for g in d["grade"]])
    coef = _ols(d, d["continuum_level"].to_numpy() - expected)
    # Residual sd ~0.85 (noise + far-behind mixture); n ~4,500; SEs 0.025-0.04.  Tolerance 0.15.
    assert coef["intercept"] == pytest.approx(truth.FAR_BEHIND_SHARE * truth.FAR_BEHIND_OFFSET, abs=0.1)
    assert coef["economically_disadvantaged"] == pytest.approx(truth.LEVEL_OFFSET_ECON_DISADV, abs=0.15)
    assert coef["english_learner"] == pytest.approx(truth.LEVEL_OFFSET_ENGLISH_LEARNER, abs=0.15)
    assert coef["iep"] == pytest.approx(truth.LEVEL_OFFSET_IEP, abs=0.15)
    # Math carries only a scale score; the cut-score mapping recovers the same structure.
    math = st.join(res.filter(subject="math").select("student_id", pl.col("scale_score").cast(pl.Float64)), on="student_id")
    math_level = (math["scale_score"].to_numpy() - truth.SCALE_INTERCEPT) / truth.SCALE_SLOPE
    mcoef = _ols(math, math_level - np.array([truth.expected_level(g, 0) for g in math["grade"]]))
    assert mcoef["iep"] == pytest.approx(truth.LEVEL_OFFSET_IEP, abs=0.2)


def test_scale_scores_and_missed_windows(effects: GenerationSummary) -> None:
    for label in LABELS:
        enrolled = _students(effects.out, label).height
        for w in ("fall", "winter", "spring"):
            res = read(effects.out / f"assessments/continuum/continuum_results_{label}_{w}.csv")
            reading = res.filter(subject="reading")
            missed = 1 - reading.height / enrolled
            assert missed == pytest.approx(truth.MISSED_WINDOW_SHARE, abs=0.012)  # SE ~0.003
            resid = reading["scale_score"].cast(pl.Float64) - (truth.SCALE_INTERCEPT + truth.SCALE_SLOPE * reading["continuum_level"].cast(pl.Float64))
            assert resid.mean() == pytest.approx(0, abs=0.3)
            assert resid.std() == pytest.approx(truth.SCALE_NOISE_SD, abs=0.3)


def test_demographic_and_program_shares(effects: GenerationSummary) -> None:
    label = LABELS[-1]
    demo = read(effects.out / f"sis/oneroster_{label}/demographics.csv")
    n = demo.height
    group = demo.select(
        pl.col("sourcedId").alias("student_id"),
        pl.when(pl.col("hispanicOrLatinoEthnicity") == "true").then(pl.lit("hispanic_latino"))
        .when(pl.col("demographicRaceTwoOrMoreRaces") == "true").then(pl.lit("two_or_more"))
        .when(pl.col("white") == "true").then(pl.lit("white"))
        .when(pl.col("blackOrAfricanAmerican") == "true").then(pl.lit("black"))
        .when(pl.col("asian") == "true").then(pl.lit("asian"))
        .when(pl.col("americanIndianOrAlaskaNative") == "true").then(pl.lit("american_indian_alaska_native"))
        .when(pl.col("nativeHawaiianOrOtherPacificIslander") == "true").then(pl.lit("native_hawaiian_pacific_islander"))
        .alias("race"),
    )
    assert group["race"].null_count() == 0
    shares = dict(group.group_by("race").len().select("race", pl.col("len") / n).rows())
    for race, share in truth.RACE_ETHNICITY_SHARES.items():
        assert shares[race] == pytest.approx(share, abs=0.02), race
    # Hispanic students carry exactly one race flag; two-or-more carry two.
    flags = ["americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white"]
    count = demo.select(pl.sum_horizontal(pl.col(flags) == "true").alias("k"), "hispanicOrLatinoEthnicity", "demographicRaceTwoOrMoreRaces")
    assert (count.filter(hispanicOrLatinoEthnicity="true")["k"] == 1).all()
    assert (count.filter(demographicRaceTwoOrMoreRaces="true")["k"] == 2).all()
    sex = dict(demo.group_by("sex").len().select("sex", pl.col("len") / n).rows())
    assert sex["male"] == pytest.approx(0.495, abs=0.02) and sex["female"] == pytest.approx(0.495, abs=0.02)

    prog = read(effects.out / f"sis/program_participation/program_participation_{label}.csv")
    pshare = dict(prog.group_by("program_code").len().select("program_code", pl.col("len") / n).rows())
    assert pshare["economically_disadvantaged"] == pytest.approx(truth.ECON_DISADV_SHARE, abs=0.03)
    assert pshare["english_learner"] == pytest.approx(truth.ENGLISH_LEARNER_SHARE, abs=0.02)
    assert pshare["iep"] == pytest.approx(truth.IEP_SHARE, abs=0.02)
    assert pshare["section_504"] == pytest.approx(truth.SECTION_504_SHARE, abs=0.01)
    assert pshare["gifted_talented"] == pytest.approx(truth.GIFTED_SHARE, abs=0.015)

    st = _students(effects.out, label).join(group, on="student_id")
    ed_by_school = dict(st.group_by("school_id").agg(pl.col("economically_disadvantaged").mean()).rows())
    assert max(ed_by_school.values()) - min(ed_by_school.values()) > 0.1  # rate varies by school
    ed_by_race = dict(st.group_by("race").agg(pl.col("economically_disadvantaged").mean()).rows())
    assert ed_by_race["black"] - ed_by_race["white"] > 0.15
    assert ed_by_race["hispanic_latino"] - ed_by_race["white"] > 0.12
    el = st.filter("english_learner")
    assert el["race"].is_in(["hispanic_latino", "asian"]).mean() > 0.75


def test_program_stability_and_el_exits(effects: GenerationSummary) -> None:
    p1 = read(effects.out / f"sis/program_participation/program_participation_{LABELS[0]}.csv")
    p2 = read(effects.out / f"sis/program_participation/program_participation_{LABELS[1]}.csv")
    returning = set(p1["student_id"]) & set(_students(effects.out, LABELS[1])["student_id"])
    for code in ("iep", "section_504", "economically_disadvantaged", "gifted_talented"):
        a = set(p1.filter(program_code=code)["student_id"]) & returning
        b = set(p2.filter(program_code=code)["student_id"]) & returning
        assert a == b, code
    el1 = p1.filter(program_code="english_learner").filter(pl.col("student_id").is_in(list(returning)))
    exited = set(el1.filter(pl.col("end_date").is_not_null())["student_id"])
    el2 = set(p2.filter(program_code="english_learner")["student_id"]) & returning
    assert el2 == set(el1["student_id"]) - exited  # exits are final, no new EL among returning students
    assert len(exited) / el1.height == pytest.approx(truth.EL_ANNUAL_EXIT_RATE, abs=0.04)
    # Exit dates fall in the spring semester.
    assert el1["end_date"].drop_nulls().str.slice(0, 4).eq(LABELS[0][-4:]).all()


def test_survey_el_belonging_gap(effects: GenerationSummary) -> None:
    items = read(effects.out / "surveys/survey_items.csv")
    gaps, fav_all = [], []
    for label in LABELS:
        resp = read(effects.out / f"surveys/responses/survey_responses_{label}_spring.csv").filter(respondent_type="student")
        d = resp.join(items.select("item_id", "construct", "reverse_coded"), on="item_id").with_columns(
            value=pl.col("response_value").cast(pl.Int64)
        ).with_columns(
            fav=pl.when(pl.col("reverse_coded") == "true").then(6 - pl.col("value")).otherwise("value") >= truth.SURVEY_FAVOURABLE_THRESHOLD
        )
        el = _students(effects.out, label).select(pl.col("student_id").alias("respondent_id"), "english_learner")
        d = d.join(el, on="respondent_id")
        bel = d.filter(construct="belonging")
        gaps.append(bel.filter("english_learner")["fav"].mean() - bel.filter(~pl.col("english_learner"))["fav"].mean())
        fav_all.append(d.filter(construct="safety")["fav"].mean())
        # No gap on the other constructs.
        for construct in ("safety", "engagement", "teacher_support"):
            c = d.filter(construct=construct)
            assert abs(c.filter("english_learner")["fav"].mean() - c.filter(~pl.col("english_learner"))["fav"].mean()) < 0.07
        # Response rate among grades 3-12.
        eligible = _students(effects.out, label).filter(pl.col("grade") >= 3).height
        assert resp["respondent_id"].n_unique() / eligible == pytest.approx(truth.SURVEY_RESPONSE_RATE["student"], abs=0.03)
    # ~280 EL respondents a year, 3 correlated items: SE of the two-year mean gap ~0.016.  Tolerance 0.06.
    assert np.mean(gaps) == pytest.approx(truth.SURVEY_EL_BELONGING_GAP, abs=0.06)
    assert np.mean(fav_all) == pytest.approx(truth.SURVEY_BASE_FAVOURABILITY["safety"], abs=0.04)
    # Reverse-coded items really run the other way.
    resp = read(effects.out / f"surveys/responses/survey_responses_{LABELS[0]}_spring.csv")
    means = dict(resp.group_by("item_id").agg(pl.col("response_value").cast(pl.Int64).mean()).rows())
    assert means["STU-BEL-3"] < 3 < means["STU-BEL-1"]


def test_improvement_team_rates(effects: GenerationSummary) -> None:
    out = effects.out
    teams = ["TEAM-SCH001", "TEAM-SCH002", "TEAM-SCH003", "TEAM-SCH004", "TEAM-DIST"]
    months = len(truth.PDSA_ACTIVE_MONTHS) * len(LABELS)
    pdsa = read(out / "improvement/pdsa_cycles.csv")
    counts = dict(pdsa.group_by("team_id").len().rows())
    for i, team in enumerate(teams):
        rate = truth.TEAM_PDSA_CYCLES_PER_MONTH[i % len(truth.TEAM_PDSA_CYCLES_PER_MONTH)]
        expected = rate * months
        # Poisson: within 4 sd.
        assert abs(counts.get(team, 0) - expected) <= 4 * expected**0.5 + 1, (team, counts.get(team), expected)
        cyc = pdsa.filter(team_id=team)
        if cyc.height >= 20:
            p = truth.TEAM_PREDICTION_RATE[i % len(truth.TEAM_PREDICTION_RATE)]
            assert (cyc["prediction_recorded"] == "true").mean() == pytest.approx(p, abs=4 * (p * (1 - p) / cyc.height) ** 0.5 + 0.02)
    # Clearly different rates: 2.0/month vs 0.3/month is ~5 Poisson sd apart over 18 months.
    assert counts["TEAM-SCH004"] > max(counts.get("TEAM-SCH001", 0), counts.get("TEAM-DIST", 0))
    # Studied cycles without a prediction never "compared the prediction".
    studied = pdsa.filter(pl.col("studied_date").is_not_null())
    assert (studied.filter(prediction_recorded="false")["study_compared_prediction"] == "false").all()

    meet = read(out / "improvement/team_meetings.csv").with_columns(pl.col("minutes_total", "minutes_improvement").cast(pl.Int64))
    for i, team in enumerate(teams):
        m = meet.filter(team_id=team)
        share = m["minutes_improvement"].sum() / m["minutes_total"].sum()
        # ~36 meetings, per-meeting sd 0.08: SE ~0.013.  Shares are 0.15 apart; tolerance 0.05.
        assert share == pytest.approx(truth.TEAM_IMPROVEMENT_MINUTES_SHARE[i % 4], abs=0.05), team
        per_year = m.height / len(LABELS)
        assert 15 <= per_year <= 21, team  # every two weeks through a ~41-week year, minus breaks and cancellations
        gaps = m["meeting_date"].str.to_date().sort().diff().dt.total_days().drop_nulls()
        assert gaps.median() == truth.MEETING_INTERVAL_DAYS

    act = read(out / "improvement/action_items.csv")
    per_meeting = act.height / meet.height
    expected = sum(k * p for k, p in enumerate(truth.ACTION_ITEMS_PER_MEETING_PROBS))
    assert per_meeting == pytest.approx(expected, abs=0.25)

    obs = read(out / "improvement/classroom_observations.csv")
    teachers = sum(read(out / f"sis/oneroster_{lab}/users.csv")["sourcedId"].str.starts_with("T").sum() for lab in LABELS)
    assert obs["observation_id"].n_unique() / teachers == pytest.approx(2.0, abs=0.2)
    means = dict(obs.group_by("rubric_domain").agg(pl.col("score").cast(pl.Int64).mean()).rows())
    for dom, mu in truth.RUBRIC_DOMAIN_MEANS.items():
        assert means[dom] == pytest.approx(mu, abs=0.2), dom

    pd_ = read(out / "improvement/pd_evaluations.csv")
    assert pd_["session_id"].n_unique() == truth.PD_SESSIONS_PER_YEAR * len(LABELS)
    assert pd_.height / pd_["session_id"].n_unique() == pytest.approx(truth.PD_EVALUATIONS_PER_SESSION, abs=3)
    assert pd_.select("session_id", "respondent_id").is_unique().all()


def test_expected_level() -> None:
    assert truth.expected_level(0, 0) == 1.0
    assert truth.expected_level(3, 2) == pytest.approx(4 + 2 / 3)
    assert truth.expected_level(12, 1) == pytest.approx(13 + 1 / 3)
    assert date(2026, 1, 1) >= date(2026, *truth.ATTENDANCE_SHIFT_START)
