"""Continuous-improvement records: driver diagram, PDSA cycles, team meetings,
action items, classroom observations and professional-development evaluations.

These tables are small (thousands of rows), so plain Python loops over teams and
months are fine here; clarity beats vectorisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from . import truth
from .output import Landing, rng_for
from .roster import District

DRIVER_COLUMNS = (
    "aim_id", "aim", "primary_driver_id", "primary_driver", "secondary_driver_id", "secondary_driver",
    "change_idea_id", "change_idea",
)
PDSA_COLUMNS = (
    "cycle_id", "team_id", "team_name", "school_id", "change_idea_id", "planned_date", "started_date",
    "studied_date", "prediction_recorded", "predicted_value", "observed_value", "study_compared_prediction", "decision",
)
MEETING_COLUMNS = ("meeting_id", "team_id", "school_id", "meeting_date", "minutes_total", "minutes_improvement")
ACTION_COLUMNS = ("action_item_id", "team_id", "meeting_id", "description", "created_date", "due_date", "completed_date")
OBSERVATION_COLUMNS = ("observation_id", "school_id", "teacher_id", "observer_id", "observation_date", "rubric_domain", "score")
PD_COLUMNS = ("evaluation_id", "session_id", "session_title", "session_date", "school_id", "respondent_id", "rating", "would_recommend")

# (primary driver, ((secondary driver, (change idea, change idea)), ...)) - 3 x 2 x 2 = 12 ideas.
DRIVERS = (
    ("Instruction matched to each learner's continuum level", (
        ("Teachers use current level data to plan small groups", (
            "Weekly 15-minute data huddles by grade team",
            "Flexible small-group rotation board updated every Monday")),
        ("Students own their learning goals", (
            "Student-led goal-setting conferences after each window",
            "Level progress trackers in every student folder")),
    )),
    ("Every student present and engaged every day", (
        ("Early response to missed days", (
            "Same-day text to families after an unexcused absence",
            "Attendance buddy check-in for students with 3+ absences")),
        ("Classrooms where students feel they belong", (
            "Daily greeting at the door by name",
            "Morning circle twice a week in every homeroom")),
    )),
    ("Adults learning together to improve", (
        ("Collaborative inquiry into practice", (
            "Peer observation rounds with a single focus question",
            "Shared protocol for looking at student work")),
        ("Improvement routines in every team", (
            "Written predictions before every PDSA test",
            "Run charts of key measures reviewed at each team meeting")),
    )),
)
ACTION_TEMPLATES = (
    "Share run chart of weekly attendance with grade teams",
    "Draft prediction for next PDSA test",
    "Collect exit tickets from two classrooms",
    "Schedule empathy interviews with three students",
    "Update the change-idea tracker",
    "Send family communication draft for review",
    "Pull level data for the small-group rotation",
    "Prepare agenda and data for the next meeting",
    "Observe one colleague using the new protocol",
    "Summarise survey comments on belonging",
)
PD_TITLES = (
    "Using continuum levels to plan small groups", "Introduction to PDSA cycles", "Reading run charts",
    "Culturally responsive classroom routines", "Supporting English learners in content classes",
    "Restorative practices for attendance", "Looking at student work together", "Designing practical measures",
    "Co-teaching with special education staff", "Feedback that moves learning forward",
)


@dataclass(frozen=True)
class Team:
    team_id: str
    team_name: str
    school: int | None  # index into District.schools; None for the district team
    index: int  # position in team order; selects the per-team rates in truth.py

    def rate(self, rates: tuple[float, ...]) -> float:
        return rates[self.index % len(rates)]


def teams(d: District) -> list[Team]:
    out = [Team(f"TEAM-{s.sourced_id}", f"{s.name} Improvement Team", i, i) for i, s in enumerate(d.schools)]
    out.append(Team("TEAM-DIST", "District Improvement Team", None, len(d.schools)))
    return out


def _school_id(d: District, team: Team) -> str | None:
    return None if team.school is None else d.schools[team.school].sourced_id


def driver_diagram(end_year: int) -> pl.DataFrame:
    aim = (f"By June {end_year}, 75% of students will grow at least one continuum level per year "
           "in reading, with no subgroup gap larger than 5 points")
    rows, sd, ci = [], 0, 0
    for p, (primary, secondaries) in enumerate(DRIVERS, start=1):
        for secondary, ideas in secondaries:
            sd += 1
            for idea in ideas:
                ci += 1
                rows.append({
                    "aim_id": "AIM1", "aim": aim, "primary_driver_id": f"PD{p}", "primary_driver": primary,
                    "secondary_driver_id": f"SD{sd}", "secondary_driver": secondary,
                    "change_idea_id": f"CI{ci:02d}", "change_idea": idea,
                })
    return pl.DataFrame(rows)


def pdsa_cycles(d: District, team_list: list[Team]) -> pl.DataFrame:
    rng = rng_for(d.seed, "pdsa")
    ideas = [f"CI{i:02d}" for i in range(1, 13)]
    # Each team focuses on three change ideas, as real teams do.
    focus = {t.team_id: list(rng.choice(ideas, size=3, replace=False)) for t in team_list}
    rows = []
    for cal in d.years:
        for month in truth.PDSA_ACTIVE_MONTHS:
            year = cal.school_year - 1 if month >= 8 else cal.school_year
            days = cal.days_in_month(year, month)
            for team in team_list:
                for _ in range(rng.poisson(team.rate(truth.TEAM_PDSA_CYCLES_PER_MONTH))):
                    planned = days[rng.integers(len(days))]
                    started = planned + timedelta(days=int(rng.integers(0, 11)))
                    studied = started + timedelta(days=int(rng.integers(14, 43)))
                    stalled = rng.random() < 0.05  # started but never studied
                    if rng.random() < 0.05 or started > d.as_of:  # planned, never started
                        started, studied = None, None
                    elif stalled or studied > d.as_of:
                        studied = None
                    predicted = rng.random() < team.rate(truth.TEAM_PREDICTION_RATE)
                    pred_value = round(float(rng.uniform(40, 90)), 1) if predicted else None
                    observed = None
                    if studied is not None:
                        centre = pred_value if pred_value is not None else float(rng.uniform(40, 90))
                        observed = round(float(np.clip(centre + rng.normal(0, 8), 0, 100)), 1)
                    rows.append({
                        "team_id": team.team_id, "team_name": team.team_name, "school_id": _school_id(d, team),
                        "change_idea_id": str(rng.choice(focus[team.team_id])), "planned_date": planned,
                        "started_date": started, "studied_date": studied, "prediction_recorded": predicted,
                        "predicted_value": pred_value, "observed_value": observed,
                        "study_compared_prediction": None if studied is None else bool(predicted and rng.random() < 0.85),
                        "decision": None if studied is None else str(rng.choice(["adopt", "adapt", "abandon"], p=[0.35, 0.45, 0.20])),
                        "order": team.index,
                    })
    schema = {
        "team_id": pl.String, "team_name": pl.String, "school_id": pl.String, "change_idea_id": pl.String,
        "planned_date": pl.Date, "started_date": pl.Date, "studied_date": pl.Date, "prediction_recorded": pl.Boolean,
        "predicted_value": pl.Float64, "observed_value": pl.Float64, "study_compared_prediction": pl.Boolean,
        "decision": pl.String, "order": pl.Int64,
    }
    df = pl.DataFrame(rows, schema=schema).sort("planned_date", "order", maintain_order=True)
    return df.with_columns(cycle_id=pl.format("PDSA-{}", pl.int_range(1, df.height + 1).cast(pl.String).str.zfill(5)))


def meetings_and_actions(d: District, team_list: list[Team]) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = rng_for(d.seed, "meetings")
    meetings = []
    for cal in d.years:
        school_days = set(cal.school_days)
        for team in team_list:
            # Each team meets on its own weekday (Tue/Wed/Thu), every other week, from the
            # second week of school; slots in a break are skipped, a few are cancelled.
            weekday = 1 + team.index % 3
            first = cal.first_day + timedelta(days=7 + (weekday - cal.first_day.weekday()) % 7)
            share = team.rate(truth.TEAM_IMPROVEMENT_MINUTES_SHARE)
            day = first
            while day <= cal.last_day:
                slot, day = day, day + timedelta(days=truth.MEETING_INTERVAL_DAYS)
                if slot not in school_days or rng.random() < truth.MEETING_CANCELLED_SHARE:
                    continue
                lo, hi = truth.MEETING_MINUTES_RANGE
                total = int(rng.choice(np.arange(lo, hi + 1, 5)))
                improvement = int(np.clip(round(total * float(np.clip(share + rng.normal(0, 0.08), 0, 1))), 0, total))
                meetings.append({"team_id": team.team_id, "school_id": _school_id(d, team), "meeting_date": slot,
                                 "minutes_total": total, "minutes_improvement": improvement, "order": team.index})
    mdf = pl.DataFrame(meetings, schema={"team_id": pl.String, "school_id": pl.String, "meeting_date": pl.Date,
                                         "minutes_total": pl.Int64, "minutes_improvement": pl.Int64, "order": pl.Int64})
    mdf = mdf.sort("meeting_date", "order", maintain_order=True).with_columns(
        meeting_id=pl.format("MTG-{}", pl.int_range(1, mdf.height + 1).cast(pl.String).str.zfill(5)))

    actions = []
    for m in mdf.iter_rows(named=True):
        for _ in range(rng.choice(4, p=truth.ACTION_ITEMS_PER_MEETING_PROBS)):
            created = m["meeting_date"]
            due = created + timedelta(days=truth.ACTION_ITEM_DUE_DAYS)
            outcome = rng.choice(3, p=truth.ACTION_ITEM_OUTCOME_SHARES)
            if outcome == 0:
                done = created + timedelta(days=int(rng.integers(1, truth.ACTION_ITEM_DUE_DAYS + 1)))
            elif outcome == 1:
                done = due + timedelta(days=int(rng.integers(1, 22)))
            else:
                done = None
            if done is not None and done > d.as_of:  # not yet done on the extract date
                done = None
            actions.append({"team_id": m["team_id"], "meeting_id": m["meeting_id"],
                            "description": str(rng.choice(ACTION_TEMPLATES)), "created_date": created,
                            "due_date": due, "completed_date": done})
    adf = pl.DataFrame(actions, schema={"team_id": pl.String, "meeting_id": pl.String, "description": pl.String,
                                        "created_date": pl.Date, "due_date": pl.Date, "completed_date": pl.Date})
    adf = adf.with_columns(action_item_id=pl.format("ACT-{}", pl.int_range(1, adf.height + 1).cast(pl.String).str.zfill(5)))
    return mdf, adf


def observations(d: District) -> pl.DataFrame:
    rng = rng_for(d.seed, "observations")
    te = d.teachers
    teacher_effect = rng.normal(0.0, truth.OBSERVATION_TEACHER_SD, len(te.sourced_id))
    domains = list(truth.RUBRIC_DOMAIN_MEANS)
    rows = []
    for r in d.rosters:
        cal = r.cal
        # Observations happen mid-September to end of April, spread over the year.
        window = cal.days_between(date(cal.school_year - 1, 9, 15), date(cal.school_year, 4, 30))
        staff = [int(i) for i in r.teachers]
        by_school: dict[int, list[int]] = {}
        for i in staff:
            by_school.setdefault(te.school[i], []).append(i)
        for i in staff:
            k = 1 + int(rng.choice(3, p=truth.OBSERVATIONS_PER_TEACHER_PROBS))
            # Observers are colleagues at the same school (peer/coach observation); the
            # roster has no administrator accounts.  Fall back to any other teacher.
            peers = by_school[te.school[i]] if len(by_school[te.school[i]]) > 1 else staff
            for seg in np.array_split(np.arange(len(window)), k):
                day = window[int(rng.choice(seg))]
                observer = i
                if len(peers) > 1:
                    j = int(rng.integers(len(peers) - 1))
                    observer = peers[j] if peers[j] != i else peers[-1]
                for dom in domains:
                    score = int(np.clip(round(truth.RUBRIC_DOMAIN_MEANS[dom] + teacher_effect[i] + rng.normal(0, truth.OBSERVATION_NOISE_SD)), 1, 4))
                    rows.append({"school_id": d.schools[te.school[i]].sourced_id, "teacher_id": te.sourced_id[i],
                                 "observer_id": te.sourced_id[observer], "observation_date": day, "rubric_domain": dom, "score": score})
    df = pl.DataFrame(rows, schema={"school_id": pl.String, "teacher_id": pl.String, "observer_id": pl.String,
                                    "observation_date": pl.Date, "rubric_domain": pl.String, "score": pl.Int64})
    # Rows come in groups of four domains per observation.
    return df.with_columns(observation_id=pl.format("OBS-{}", (pl.int_range(0, df.height) // len(domains) + 1).cast(pl.String).str.zfill(6)))


def pd_evaluations(d: District) -> pl.DataFrame:
    rng = rng_for(d.seed, "pd")
    te = d.teachers
    recommend_p = {1: 0.02, 2: 0.10, 3: 0.40, 4: 0.85, 5: 0.97}
    rows = []
    for r in d.rosters:
        cal = r.cal
        days = list(cal.school_days)
        staff = np.asarray(r.teachers)
        for s in range(truth.PD_SESSIONS_PER_YEAR):
            # Sessions spread evenly through the year, with a little jitter.
            pos = int((s + 0.5) * len(days) / truth.PD_SESSIONS_PER_YEAR) + int(rng.integers(-5, 6))
            day = days[int(np.clip(pos, 0, len(days) - 1))]
            title = PD_TITLES[(cal.school_year + s) % len(PD_TITLES)]
            quality = truth.PD_RATING_MEAN + rng.normal(0, 0.35)
            n = min(len(staff), int(rng.poisson(truth.PD_EVALUATIONS_PER_SESSION)))
            for i in rng.choice(staff, size=n, replace=False) if n else []:
                rating = int(np.clip(round(quality + rng.normal(0, 0.7)), 1, 5))
                rows.append({"session_id": f"PD-{cal.school_year}-{s + 1:02d}", "session_title": title, "session_date": day,
                             "school_id": d.schools[te.school[int(i)]].sourced_id, "respondent_id": te.sourced_id[int(i)],
                             "rating": rating, "would_recommend": bool(rng.random() < recommend_p[rating])})
    df = pl.DataFrame(rows, schema={"session_id": pl.String, "session_title": pl.String, "session_date": pl.Date,
                                    "school_id": pl.String, "respondent_id": pl.String, "rating": pl.Int64,
                                    "would_recommend": pl.Boolean})
    return df.with_columns(evaluation_id=pl.format("PDE-{}", pl.int_range(1, df.height + 1).cast(pl.String).str.zfill(6)))


def write_improvement(d: District, landing: Landing) -> None:
    team_list = teams(d)
    landing.write("improvement/driver_diagram.csv", driver_diagram(d.years[-1].school_year), DRIVER_COLUMNS)
    landing.write("improvement/pdsa_cycles.csv", pdsa_cycles(d, team_list), PDSA_COLUMNS, float_precision=1)
    mdf, adf = meetings_and_actions(d, team_list)
    landing.write("improvement/team_meetings.csv", mdf, MEETING_COLUMNS)
    landing.write("improvement/action_items.csv", adf, ACTION_COLUMNS)
    landing.write("improvement/classroom_observations.csv", observations(d), OBSERVATION_COLUMNS)
    landing.write("improvement/pd_evaluations.csv", pd_evaluations(d), PD_COLUMNS)
