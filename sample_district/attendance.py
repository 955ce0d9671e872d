"""Daily attendance, one file per calendar month.

The volume (students x ~180 days x years) is what makes this module different:
each month is drawn as one students-by-days matrix and written straight away,
so memory stays at one month's rows whatever the district size.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from . import truth
from .output import Landing, rng_for
from .roster import District, YearRoster

COLUMNS = ("student_id", "school_id", "attendance_date", "attendance_status")
STATUSES = ("present", "tardy", "early_departure", "excused_absence", "unexcused_absence")


def absence_propensity(d: District) -> np.ndarray:
    """Per-student probability of being absent on a school day (stable across years)."""
    st = d.students
    rng = rng_for(d.seed, "absence-propensity")
    n = len(st)
    typical = rng.beta(*truth.ABSENCE_TYPICAL_BETA, size=n)
    chronic = rng.random(n) < truth.CHRONIC_ABSENCE_SHARE
    chronic_p = rng.uniform(*truth.CHRONIC_ABSENCE_RANGE, size=n)
    return np.where(chronic, chronic_p, typical) + truth.ABSENCE_EFFECT_ECON_DISADV * st.econ


def write_month(d: District, r: YearRoster, year: int, month: int, propensity: np.ndarray, landing: Landing) -> None:
    days = r.cal.days_in_month(year, month)
    n, n_days = len(r.students), len(days)
    rng = rng_for(d.seed, "attendance", year, month)
    p = np.repeat(propensity[r.students][:, None], n_days, axis=1)
    shift_school = [i for i, s in enumerate(d.schools) if s.sourced_id == truth.ATTENDANCE_SHIFT_SCHOOL_ID]
    if shift_school and r.t == len(d.years) - 1:
        after = np.array([day >= date(r.cal.school_year, *truth.ATTENDANCE_SHIFT_START) for day in days])
        p += truth.ATTENDANCE_SHIFT_SIZE * ((r.school == shift_school[0])[:, None] & after[None, :])
    # One uniform per student-day decides everything: below p it is an absence and
    # u/p (uniform on 0-1) picks excused vs unexcused; above p, (u-p)/(1-p) picks
    # tardy / early departure.  Half the random draws of two separate uniforms.
    u = rng.random((n, n_days))
    absent = u < p
    v = np.where(absent, u / p, (u - p) / (1 - p))
    code = np.where(
        absent,
        np.where(v < truth.UNEXCUSED_SHARE_OF_ABSENCES, 4, 3),
        np.where(v < truth.TARDY_RATE, 1, np.where(v < truth.TARDY_RATE + truth.EARLY_DEPARTURE_RATE, 2, 0)),
    ).astype(np.uint8)
    school_names = {i: s.sourced_id for i, s in enumerate(d.schools)}
    # Day-major order (all students on day 1, then day 2, ...) like a daily SIS export.
    df = pl.DataFrame(
        {
            "student_id": np.tile(d.students.sourced_id[r.students], n_days),
            "school_id": pl.Series(np.tile(r.school, n_days)).replace_strict(school_names, return_dtype=pl.Enum(list(school_names.values()))),
            "attendance_date": np.repeat(np.asarray(days, dtype="datetime64[D]"), n),
            "attendance_status": pl.Series(code.T.ravel()).replace_strict(dict(enumerate(STATUSES)), return_dtype=pl.Enum(list(STATUSES))),
        }
    )
    landing.write(f"sis/attendance/attendance_{year:04d}-{month:02d}.csv", df, COLUMNS)


def write_attendance(d: District, landing: Landing) -> None:
    propensity = absence_propensity(d)
    for r in d.rosters:
        for year, month in r.cal.months:
            write_month(d, r, year, month, propensity, landing)
