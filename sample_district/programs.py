"""Program participation extract (IEP, 504, EL, economically disadvantaged, gifted)."""

from __future__ import annotations

import numpy as np
import polars as pl

from .output import Landing
from .roster import District, YearRoster

COLUMNS = ("student_id", "school_id", "program_code", "begin_date", "end_date")
PROGRAM_CODES = ("iep", "section_504", "english_learner", "economically_disadvantaged", "gifted_talented")


def write_programs(d: District, r: YearRoster, landing: Landing) -> None:
    st, cal = d.students, r.cal
    idx = r.students
    flags = {
        "iep": st.iep[idx],
        "section_504": st.s504[idx],
        "english_learner": r.el,
        "economically_disadvantaged": st.econ[idx],
        "gifted_talented": st.gifted[idx],
    }
    # Reclassified EL students: the program ends on a spring-semester school day of
    # the exit year (after the winter assessment that usually triggers it); they have
    # no EL row in later years.
    spring = np.asarray(cal.days_between(*cal.semester2), dtype="datetime64[D]")
    exits = r.el & (st.el_exit_year[idx] == r.t)
    exit_date = spring[np.minimum((st.el_exit_u[idx] * len(spring)).astype(np.int64), len(spring) - 1)]
    school_ids = np.array([s.sourced_id for s in d.schools])
    frames = []
    for k, code in enumerate(PROGRAM_CODES):
        sel = np.flatnonzero(flags[code])
        end = np.where(exits[sel], exit_date[sel], np.datetime64("NaT")) if code == "english_learner" else np.full(len(sel), np.datetime64("NaT"), dtype="datetime64[D]")
        frames.append(
            pl.DataFrame(
                {
                    "student_id": st.sourced_id[idx[sel]],
                    "school_id": school_ids[r.school[sel]],
                    "program_code": code,
                    "order": np.full(len(sel), k, dtype=np.int8),
                    "end_date": end.astype("datetime64[D]"),
                },
                # Explicit types: a broadcast scalar next to empty arrays would be typed Null.
                schema_overrides={"student_id": pl.Int64, "school_id": pl.String, "program_code": pl.String,
                                  "order": pl.Int8, "end_date": pl.Date},
            )
        )
    df = (
        pl.concat(frames)
        .with_columns(begin_date=pl.lit(cal.first_day))
        .sort("student_id", "order")
    )
    landing.write(f"sis/program_participation/program_participation_{cal.label}.csv", df, COLUMNS)
