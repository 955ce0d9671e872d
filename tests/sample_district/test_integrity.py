"""Referential integrity: every reference resolves in the file the contract names."""

from __future__ import annotations

from datetime import date

import polars as pl

from sample_district import GenerationSummary

from .sd_helpers import LABELS, read


def _label_of(day: str) -> str:
    """School-year label of an ISO date (years run August to June)."""
    d = date.fromisoformat(day)
    spring = d.year + 1 if d.month >= 7 else d.year
    return f"{spring - 1}-{spring}"


def _bundle_ids(small: GenerationSummary) -> dict[str, dict[str, set[str]]]:
    out = {}
    for label in LABELS:
        users = read(small.out / f"sis/oneroster_{label}/users.csv")
        orgs = read(small.out / f"sis/oneroster_{label}/orgs.csv")
        out[label] = {
            "students": set(users.filter(~pl.col("sourcedId").str.starts_with("T"))["sourcedId"]),
            "teachers": set(users.filter(pl.col("sourcedId").str.starts_with("T"))["sourcedId"]),
            "schools": set(orgs.filter(type="school")["sourcedId"]),
            "org_of": dict(zip(users["sourcedId"], users["primaryOrgSourcedId"])),
        }
    return out


def test_people_and_schools_exist_in_that_years_bundle(small: GenerationSummary) -> None:
    ids = _bundle_ids(small)
    out = small.out
    for label in LABELS:
        b = ids[label]
        frames = [
            read(out / f"sis/program_participation/program_participation_{label}.csv"),
            *(read(out / f"assessments/continuum/continuum_results_{label}_{w}.csv") for w in ("fall", "winter", "spring")),
        ]
        for df in frames:
            assert set(df["student_id"]) <= b["students"]
            assert set(df["school_id"]) <= b["schools"]
            # The school on the row is the student's school that year.
            assert all(b["org_of"][s] == sch for s, sch in zip(df["student_id"], df["school_id"]))
        resp = read(out / f"surveys/responses/survey_responses_{label}_spring.csv")
        assert set(resp.filter(respondent_type="student")["respondent_id"]) <= b["students"]
        assert set(resp.filter(respondent_type="staff")["respondent_id"]) <= b["teachers"]
        assert set(resp["school_id"]) <= b["schools"]

    enrolled_days = 0
    for rel in (r for r in small.rows if r.startswith("sis/attendance/")):
        att = read(out / rel)
        b = ids[_label_of(att["attendance_date"][0])]
        assert set(att["student_id"]) <= b["students"]
        assert (att.group_by("student_id").agg(pl.col("school_id").n_unique())["school_id"] == 1).all()
        first = att.unique("student_id", keep="first", maintain_order=True)
        assert all(b["org_of"][s] == sch for s, sch in zip(first["student_id"], first["school_id"]))
        enrolled_days += att.height
    assert enrolled_days > 0

    for name, people in (("classroom_observations", ("teacher_id", "observer_id")), ("pd_evaluations", ("respondent_id",))):
        df = read(out / f"improvement/{name}.csv")
        date_col = "observation_date" if name == "classroom_observations" else "session_date"
        for row in df.iter_rows(named=True):
            b = ids[_label_of(row[date_col])]
            assert row["school_id"] in b["schools"]
            for col in people:
                assert row[col] in b["teachers"], (name, row)
            assert b["org_of"][row[people[0]]] == row["school_id"]

    for name in ("pdsa_cycles", "team_meetings"):
        df = read(out / f"improvement/{name}.csv")
        assert set(df["school_id"].drop_nulls()) <= ids[LABELS[-1]]["schools"]
        # Team ids follow the school they belong to; the district team has no school.
        assert all((t == "TEAM-DIST" and s is None) or t == f"TEAM-{s}" for t, s in zip(df["team_id"], df["school_id"]))


def test_cross_file_keys_resolve(small: GenerationSummary) -> None:
    out = small.out
    windows = set(read(out / "assessments/assessment_windows.csv")["window_id"])
    assert len(windows) == 3 * len(LABELS)
    for label in LABELS:
        for w in ("fall", "winter", "spring"):
            assert set(read(out / f"assessments/continuum/continuum_results_{label}_{w}.csv")["window_id"]) == {f"{label}-{w}"}
    items = read(out / "surveys/survey_items.csv")
    item_type = dict(zip(items["item_id"], items["respondent_type"]))
    for label in LABELS:
        resp = read(out / f"surveys/responses/survey_responses_{label}_spring.csv")
        assert set(resp["item_id"]) <= set(item_type)
        assert all(item_type[i] == t for i, t in zip(resp["item_id"], resp["respondent_type"]))
    ideas = set(read(out / "improvement/driver_diagram.csv")["change_idea_id"])
    assert set(read(out / "improvement/pdsa_cycles.csv")["change_idea_id"]) <= ideas
    meetings = read(out / "improvement/team_meetings.csv")
    actions = read(out / "improvement/action_items.csv")
    assert set(actions["meeting_id"]) <= set(meetings["meeting_id"])
    meeting_team = dict(zip(meetings["meeting_id"], meetings["team_id"]))
    meeting_date = dict(zip(meetings["meeting_id"], meetings["meeting_date"]))
    assert all(meeting_team[m] == t for m, t in zip(actions["meeting_id"], actions["team_id"]))
    assert all(meeting_date[m] == c for m, c in zip(actions["meeting_id"], actions["created_date"]))
