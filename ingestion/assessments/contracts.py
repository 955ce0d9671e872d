"""Column contracts for assessment extracts.

Two result formats: Continuum's generic long format (any vendor, one row per student x
assessment x date) and the NWEA MAP Growth AssessmentResults export exactly as delivered.
The assessment-window calendar is what a result's window_id must refer to.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

import pandera.polars as pa
import polars as pl

from ingestion.contract import Reference, SourceTable, dates_in_order

ASSESSMENT_TYPES = ["formative", "summative", "diagnostic"]
MAP_TERM_PATTERN = r"^(Fall|Winter|Spring|Summer) \d{4}-\d{4}$"


class AssessmentWindow(pa.DataFrameModel):
    """The district's assessment calendar: the windows results are reported in."""

    window_id: str = pa.Field(unique=True, description="Window identifier, e.g. 2025-2026-fall.")
    school_year: int = pa.Field(ge=1990, le=2100, description="School year named by its spring (2026 = 2025-2026).")
    window_name: str = pa.Field(description="Window name, e.g. Fall, Winter, Spring.")
    start_date: dt.date = pa.Field(description="First day of the window.")
    end_date: dt.date = pa.Field(description="Last day of the window, not before start_date.")

    @pa.dataframe_check(name="end_date_not_before_start_date")
    def end_not_before_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return dates_in_order(data.lazyframe, "start_date", "end_date")


class AssessmentResult(pa.DataFrameModel):
    """Generic long format: one row per student x assessment x administration."""

    student_id: str = pa.Field(description="Student (users.csv sourcedId).")
    school_id: Optional[str] = pa.Field(nullable=True, description="School where the student tested.")
    assessment_id: str = pa.Field(description="Assessment identifier, e.g. CONT-READ.")
    assessment_type: str = pa.Field(isin=ASSESSMENT_TYPES, description="formative, summative or diagnostic.")
    subject: str = pa.Field(description="Subject, e.g. reading, math.")
    window_id: str = pa.Field(description="Assessment window (assessment_windows.csv).")
    assessment_date: dt.date = pa.Field(description="Date tested.")
    scale_score: Optional[float] = pa.Field(nullable=True, ge=0, description="Scale score.")
    continuum_level: Optional[float] = pa.Field(
        nullable=True, ge=0, description="Level on the learner continuum, when the vendor reports one."
    )

    class Config:
        unique = ["student_id", "assessment_id", "assessment_date"]

    @pa.dataframe_check(name="has_scale_score_or_continuum_level")
    def has_a_score(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("scale_score").is_not_null() | pl.col("continuum_level").is_not_null())


_MAP_DATES = {"date_formats": ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y")}


class MapAssessmentResult(pa.DataFrameModel):
    """NWEA MAP Growth AssessmentResults.csv, as the vendor delivers it (core columns)."""

    term_name: str = pa.Field(str_matches=MAP_TERM_PATTERN, description="Term, e.g. 'Fall 2021-2022'.")
    district_name: Optional[str] = pa.Field(nullable=True, description="District name.")
    district_state_id: Optional[str] = pa.Field(nullable=True, description="District state id.")
    school_name: Optional[str] = pa.Field(nullable=True, description="School name.")
    school_state_id: Optional[str] = pa.Field(nullable=True, description="School state id.")
    student_id: str = pa.Field(description="District student id (users.csv sourcedId or identifier).")
    student_state_id: Optional[str] = pa.Field(nullable=True, description="State student id (restricted).")
    subject: str = pa.Field(description="Subject, e.g. Mathematics, Reading, Science.")
    course: Optional[str] = pa.Field(nullable=True, description="Course; MeasurementScale in older exports.")
    growth_measure_yn: Optional[bool] = pa.Field(nullable=True, description="Counts for growth.")
    norms_reference_data: Optional[str] = pa.Field(nullable=True, description="Norms year.")
    test_type: Optional[str] = pa.Field(nullable=True, description="Test type, e.g. Survey With Goals.")
    test_name: Optional[str] = pa.Field(nullable=True, description="Test name.")
    test_id: Optional[str] = pa.Field(nullable=True, description="Test event id.")
    test_start_date: dt.date = pa.Field(metadata=_MAP_DATES, description="Date tested (MM/DD/YYYY or ISO).")
    test_start_time: Optional[str] = pa.Field(nullable=True, description="Time tested.")
    test_duration_minutes: Optional[int] = pa.Field(nullable=True, ge=0, description="Minutes taken.")
    test_rit_score: int = pa.Field(ge=100, le=350, description="RIT scale score.")
    test_standard_error: Optional[float] = pa.Field(nullable=True, ge=0, description="Standard error of the RIT.")
    test_percentile: Optional[int] = pa.Field(nullable=True, ge=0, le=100, description="Achievement percentile.")
    achievement_quintile: Optional[str] = pa.Field(nullable=True, description="Low, LoAvg, Avg, HiAvg, High.")
    percent_correct: Optional[float] = pa.Field(nullable=True, ge=0, le=100, description="Percent correct.")
    rapid_guessing_percentage: Optional[float] = pa.Field(nullable=True, ge=0, le=100, description="Rapid guessing %.")
    fall_to_spring_projected_growth: Optional[float] = pa.Field(nullable=True, description="Projected fall-spring growth.")
    fall_to_spring_observed_growth: Optional[float] = pa.Field(nullable=True, description="Observed fall-spring growth.")
    fall_to_spring_met_projected_growth: Optional[str] = pa.Field(nullable=True, description="Met projected growth.")
    lexile_score: Optional[str] = pa.Field(nullable=True, description="Lexile; RITtoReadingScore in older exports.")
    lexile_min: Optional[str] = pa.Field(nullable=True, description="Lexile range low; RITtoReadingMin.")
    lexile_max: Optional[str] = pa.Field(nullable=True, description="Lexile range high; RITtoReadingMax.")
    quantile_score: Optional[str] = pa.Field(nullable=True, description="Quantile measure.")

    class Config:
        unique = ["student_id", "subject", "test_start_date", "test_id"]


TABLES: list[SourceTable] = [
    SourceTable(
        name="assessment_windows", family="assessments", model=AssessmentWindow,
        description="Assessment calendar: windows per school year.",
        file_patterns=("assessment_windows*.csv",),
    ),
    SourceTable(
        name="map_assessment_results", family="assessments", model=MapAssessmentResult,
        description="NWEA MAP Growth AssessmentResults export, recognised by its header anywhere in assessments/.",
        header_signature=frozenset({"termname", "studentid", "testritscore"}),
        aliases={
            "MeasurementScale": "course",
            "RITtoReadingScore": "lexile_score",
            "RITtoReading": "lexile_score",
            "RITtoReadingMin": "lexile_min",
            "RITtoReadingMax": "lexile_max",
            "District_StateID": "district_state_id",
            "School_StateID": "school_state_id",
            "Student_StateID": "student_state_id",
        },
        references=(Reference("student_id", "oneroster_users", ("sourced_id", "identifier"), "student"),),
    ),
    SourceTable(
        name="assessment_results", family="assessments", model=AssessmentResult,
        description="Assessment results in Continuum's generic long format (every other CSV in assessments/).",
        catch_all=True,
        references=(
            Reference("student_id", "oneroster_users", ("sourced_id",), "student"),
            Reference("window_id", "assessment_windows", ("window_id",), "assessment window"),
        ),
    ),
]
