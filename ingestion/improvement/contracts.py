"""Column contracts for improvement-process logs: PDSA cycles, driver diagram, meetings, ..."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import pandera.polars as pa
import polars as pl

from ingestion.contract import Reference, SourceTable, dates_in_order

DECISIONS = ["adopt", "adapt", "abandon"]
RUBRIC_DOMAINS = ["planning", "environment", "instruction", "professionalism"]


class DriverDiagram(pa.DataFrameModel):
    """One row per change idea, with the secondary and primary driver and aim it serves."""

    aim_id: str = pa.Field(description="Aim identifier.")
    aim: str = pa.Field(description="Aim statement.")
    primary_driver_id: str = pa.Field(description="Primary driver identifier.")
    primary_driver: str = pa.Field(description="Primary driver.")
    secondary_driver_id: str = pa.Field(description="Secondary driver identifier.")
    secondary_driver: str = pa.Field(description="Secondary driver.")
    change_idea_id: str = pa.Field(unique=True, description="Change idea identifier.")
    change_idea: str = pa.Field(description="Change idea.")


class PdsaCycle(pa.DataFrameModel):
    """One Plan-Do-Study-Act cycle run by a team on a change idea."""

    cycle_id: str = pa.Field(unique=True, description="Cycle identifier.")
    team_id: str = pa.Field(description="Improvement team.")
    team_name: Optional[str] = pa.Field(nullable=True, description="Team name.")
    school_id: Optional[str] = pa.Field(nullable=True, description="School; empty for a district team.")
    change_idea_id: str = pa.Field(description="Change idea tested (driver_diagram.csv).")
    planned_date: dt.date = pa.Field(description="Date the cycle was planned.")
    started_date: Optional[dt.date] = pa.Field(nullable=True, description="Date the Do phase started.")
    studied_date: Optional[dt.date] = pa.Field(nullable=True, description="Date the Study phase was done.")
    prediction_recorded: bool = pa.Field(description="A prediction was written down before the test.")
    predicted_value: Optional[float] = pa.Field(nullable=True, description="Predicted value.")
    observed_value: Optional[float] = pa.Field(nullable=True, description="Observed value.")
    study_compared_prediction: Optional[bool] = pa.Field(nullable=True, description="The study compared prediction with result.")
    decision: Optional[str] = pa.Field(nullable=True, isin=DECISIONS, description="adopt, adapt or abandon.")

    @pa.dataframe_check(name="started_not_before_planned")
    def started_after_planned(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return dates_in_order(data.lazyframe, "planned_date", "started_date")

    @pa.dataframe_check(name="studied_not_before_started")
    def studied_after_started(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return dates_in_order(data.lazyframe, "started_date", "studied_date")


class TeamMeeting(pa.DataFrameModel):
    """One improvement-team meeting and how its time was spent."""

    meeting_id: str = pa.Field(unique=True, description="Meeting identifier.")
    team_id: str = pa.Field(description="Improvement team.")
    school_id: Optional[str] = pa.Field(nullable=True, description="School; empty for a district team.")
    meeting_date: dt.date = pa.Field(description="Date of the meeting.")
    minutes_total: int = pa.Field(gt=0, description="Length of the meeting in minutes.")
    minutes_improvement: int = pa.Field(ge=0, description="Minutes spent on improvement and learning.")

    @pa.dataframe_check(name="improvement_minutes_within_total")
    def improvement_within_total(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("minutes_improvement") <= pl.col("minutes_total"))


class ActionItem(pa.DataFrameModel):
    """An action item a team agreed, with when it was due and done."""

    action_item_id: str = pa.Field(unique=True, description="Action item identifier.")
    team_id: str = pa.Field(description="Improvement team.")
    meeting_id: Optional[str] = pa.Field(nullable=True, description="Meeting it came from (team_meetings.csv).")
    description: Optional[str] = pa.Field(nullable=True, description="What is to be done.")
    created_date: dt.date = pa.Field(description="Date created.")
    due_date: Optional[dt.date] = pa.Field(nullable=True, description="Date due.")
    completed_date: Optional[dt.date] = pa.Field(nullable=True, description="Date completed; empty while open.")

    @pa.dataframe_check(name="completed_not_before_created")
    def completed_after_created(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return dates_in_order(data.lazyframe, "created_date", "completed_date")


class ClassroomObservation(pa.DataFrameModel):
    """A classroom observation's score on one rubric domain."""

    observation_id: str = pa.Field(description="Observation identifier.")
    school_id: str = pa.Field(description="School (orgs.csv sourcedId).")
    teacher_id: str = pa.Field(description="Teacher observed (users.csv sourcedId).")
    observer_id: Optional[str] = pa.Field(nullable=True, description="Observer.")
    observation_date: dt.date = pa.Field(description="Date observed.")
    rubric_domain: str = pa.Field(isin=RUBRIC_DOMAINS, description="One of " + ", ".join(RUBRIC_DOMAINS) + ".")
    score: float = pa.Field(ge=1, le=4, description="Rubric score, 1 to 4.")

    class Config:
        unique = ["observation_id", "rubric_domain"]


class PdEvaluation(pa.DataFrameModel):
    """One participant's evaluation of a professional-development session."""

    evaluation_id: str = pa.Field(unique=True, description="Evaluation identifier.")
    session_id: str = pa.Field(description="PD session.")
    session_title: Optional[str] = pa.Field(nullable=True, description="Session title.")
    session_date: dt.date = pa.Field(description="Date of the session.")
    school_id: Optional[str] = pa.Field(nullable=True, description="School of the participant.")
    respondent_id: Optional[str] = pa.Field(nullable=True, description="Participant; empty when anonymous.")
    rating: int = pa.Field(ge=1, le=5, description="Overall rating, 1 to 5.")
    would_recommend: Optional[bool] = pa.Field(nullable=True, description="Would recommend the session.")


_SCHOOL = Reference("school_id", "oneroster_orgs", ("sourced_id",), "school")


def _log(name: str, model: type[pa.DataFrameModel], patterns: tuple[str, ...], description: str,
         references: tuple[Reference, ...] = ()) -> SourceTable:
    return SourceTable(name=name, family="improvement", model=model, description=description,
                       file_patterns=patterns, references=references)


TABLES: list[SourceTable] = [
    _log("driver_diagram", DriverDiagram, ("driver_diagram*.csv",),
         "Driver diagram: aim -> primary driver -> secondary driver -> change idea."),
    _log("pdsa_cycles", PdsaCycle, ("pdsa_cycles*.csv", "pdsa*.csv"), "PDSA cycles.",
         (Reference("change_idea_id", "driver_diagram", ("change_idea_id",), "change idea"), _SCHOOL)),
    _log("team_meetings", TeamMeeting, ("team_meetings*.csv", "meetings*.csv"), "Improvement-team meetings.",
         (_SCHOOL,)),
    _log("action_items", ActionItem, ("action_items*.csv",), "Action items from team meetings.",
         (Reference("meeting_id", "team_meetings", ("meeting_id",), "meeting"),)),
    _log("classroom_observations", ClassroomObservation, ("classroom_observations*.csv", "observations*.csv"),
         "Classroom observations: one row per observation x rubric domain.",
         (_SCHOOL, Reference("teacher_id", "oneroster_users", ("sourced_id",), "teacher"))),
    _log("pd_evaluations", PdEvaluation, ("pd_evaluations*.csv",), "Professional-development session evaluations.",
         (_SCHOOL,)),
]
