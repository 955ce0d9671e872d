"""Learner-continuum levels and the diagnostic assessment results built on them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from . import truth
from .output import Landing, rng_for
from .roster import N_GRADES, District, YearRoster

WINDOW_COLUMNS = ("window_id", "school_year", "window_name", "start_date", "end_date")
RESULT_COLUMNS = (
    "student_id", "school_id", "assessment_id", "assessment_type", "subject", "window_id",
    "assessment_date", "scale_score", "continuum_level",
)


@dataclass
class TrueLevels:
    """Latent (unrounded, noise-free) levels; NaN where the student is not enrolled."""

    fall: np.ndarray  # (students, years): level on the first day of each year
    growth: np.ndarray  # (students, years): levels gained over that school year
    math_offset: np.ndarray  # (students,)


def true_levels(d: District) -> TrueLevels:
    st = d.students
    n, n_years = len(st), len(d.years)
    rng = rng_for(d.seed, "levels")
    grade0 = st.first_grade
    start = (
        np.asarray(grade0, dtype=float) + 1.0  # truth.expected_level(grade, 0), vectorised
        + truth.LEVEL_OFFSET_IEP * st.iep
        + truth.LEVEL_OFFSET_ENGLISH_LEARNER * st.el_initial
        + truth.LEVEL_OFFSET_ECON_DISADV * st.econ
        + rng.normal(0.0, truth.LEVEL_NOISE_SD, n)
        + truth.FAR_BEHIND_OFFSET * (rng.random(n) < truth.FAR_BEHIND_SHARE)
    )
    student_growth = truth.GROWTH_BASE + rng.normal(0.0, truth.GROWTH_STUDENT_SD, n)
    math_offset = rng.normal(0.0, truth.MATH_OFFSET_SD, n)
    fall = np.full((n, n_years), np.nan)
    growth = np.full((n, n_years), np.nan)
    for t in range(n_years):
        grade = t - st.cohort
        active = (grade >= 0) & (grade < N_GRADES)
        yr = rng_for(d.seed, "growth", d.years[t].school_year)
        g = (
            student_growth
            + truth.GROWTH_EFFECT_ECON_DISADV * st.econ
            + truth.GROWTH_EFFECT_ENGLISH_LEARNER * st.el_at_start(t)
            + truth.GROWTH_EFFECT_IEP * st.iep
        )
        u = yr.random(n)
        stalled = yr.normal(0.0, truth.NOT_PROGRESSING_SD, n)
        g = np.where(u < truth.RAPID_GROWTH_SHARE, g * truth.RAPID_GROWTH_MULTIPLIER, g)
        g = np.where((u >= truth.RAPID_GROWTH_SHARE) & (u < truth.RAPID_GROWTH_SHARE + truth.NOT_PROGRESSING_SHARE), stalled, g)
        if t == 0:
            f = start
        else:
            carried = fall[:, t - 1] + growth[:, t - 1] - truth.SUMMER_LOSS
            f = np.where(st.first_year == t, start, carried)
        # Nobody starts a year below the bottom of the continuum (see truth.LEVEL_FLOOR).
        fall[:, t] = np.where(active, np.maximum(f, truth.LEVEL_FLOOR), np.nan)
        growth[:, t] = np.where(active, g, np.nan)
    return TrueLevels(fall=fall, growth=growth, math_offset=math_offset)


def window_table(d: District) -> pl.DataFrame:
    rows = [
        {"window_id": wid, "school_year": cal.school_year, "window_name": name, "start_date": a, "end_date": b}
        for cal in d.years
        for wid, name, a, b in cal.assessment_windows()
    ]
    return pl.DataFrame(rows)


def _report(level: np.ndarray) -> np.ndarray:
    # Reported levels have one decimal and a floor; "+ 0.0" turns -0.0 into 0.0.
    return np.maximum(np.round(level, 1), truth.LEVEL_FLOOR) + 0.0


def write_window(d: District, r: YearRoster, w: int, levels: TrueLevels, landing: Landing) -> None:
    cal = r.cal
    wid, name, a, b = cal.assessment_windows()[w]
    rng = rng_for(d.seed, "assessment", cal.school_year, w)
    idx = r.students
    n = len(idx)
    took = rng.random(n) >= truth.MISSED_WINDOW_SHARE
    base = levels.fall[idx, r.t] + levels.growth[idx, r.t] * w / 3
    reading = _report(base + rng.normal(0.0, truth.MEASUREMENT_SD, n))
    math = np.maximum(base + levels.math_offset[idx] + rng.normal(0.0, truth.MEASUREMENT_SD, n), truth.LEVEL_FLOOR)
    scale_read = np.round(truth.SCALE_INTERCEPT + truth.SCALE_SLOPE * reading + rng.normal(0.0, truth.SCALE_NOISE_SD, n)).astype(np.int64)
    scale_math = np.round(truth.SCALE_INTERCEPT + truth.SCALE_SLOPE * math + rng.normal(0.0, truth.SCALE_NOISE_SD, n)).astype(np.int64)
    days = np.asarray(cal.days_between(a, b), dtype="datetime64[D]")
    day_read = days[rng.integers(len(days), size=n)]
    day_math = days[rng.integers(len(days), size=n)]
    school_ids = np.array([s.sourced_id for s in d.schools])
    sel = np.flatnonzero(took)
    sid = d.students.sourced_id[idx[sel]]
    sch = school_ids[r.school[sel]]

    def subject(code: str, subj: str, day: np.ndarray, scale: np.ndarray, level: np.ndarray | None, order: int) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "student_id": sid,
                "school_id": sch,
                "assessment_id": code,
                "subject": subj,
                "assessment_date": day[sel],
                "scale_score": scale[sel],
                "continuum_level": level[sel] if level is not None else np.full(len(sel), np.nan),
                "order": np.full(len(sel), order, dtype=np.int8),
            },
            # Explicit types: a broadcast scalar next to empty arrays would be typed Null.
            schema_overrides={"student_id": pl.Int64, "school_id": pl.String, "assessment_id": pl.String,
                              "subject": pl.String, "assessment_date": pl.Date, "scale_score": pl.Int64,
                              "continuum_level": pl.Float64, "order": pl.Int8},
        )

    df = (
        pl.concat([subject("CONT-READ", "reading", day_read, scale_read, reading, 0), subject("CONT-MATH", "math", day_math, scale_math, None, 1)])
        .with_columns(pl.col("continuum_level").fill_nan(None), assessment_type=pl.lit("diagnostic"), window_id=pl.lit(wid))
        .sort("student_id", "order", maintain_order=True)
    )
    landing.write(f"assessments/continuum/continuum_results_{cal.label}_{name.lower()}.csv", df, RESULT_COLUMNS, float_precision=1)


def write_assessments(d: District, landing: Landing) -> None:
    landing.write("assessments/assessment_windows.csv", window_table(d), WINDOW_COLUMNS)
    levels = true_levels(d)
    for r in d.rosters:
        for w in range(3):
            write_window(d, r, w, levels, landing)
