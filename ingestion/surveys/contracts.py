"""Column contracts for climate and social-emotional survey extracts."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import pandera.polars as pa
import polars as pl

from ingestion.contract import Reference, SourceTable

RESPONDENT_TYPES = ["student", "staff", "family"]


class SurveyItem(pa.DataFrameModel):
    """The item bank: which construct each item measures and what counts as favourable."""

    item_id: str = pa.Field(unique=True, description="Item identifier.")
    survey_name: Optional[str] = pa.Field(nullable=True, description="Survey the item belongs to.")
    respondent_type: Optional[str] = pa.Field(nullable=True, isin=RESPONDENT_TYPES, description="Who answers it.")
    construct: str = pa.Field(description="Construct measured, e.g. belonging.")
    item_text: Optional[str] = pa.Field(nullable=True, description="Wording of the item.")
    scale_min: int = pa.Field(description="Lowest response value.")
    scale_max: int = pa.Field(description="Highest response value, above scale_min.")
    favourable_threshold: float = pa.Field(description="Responses at or above this (after reverse coding) are favourable.")
    reverse_coded: bool = pa.Field(description="true when low raw values are the favourable ones.")

    @pa.dataframe_check(name="scale_max_above_scale_min")
    def scale_is_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("scale_max") > pl.col("scale_min"))


class SurveyResponse(pa.DataFrameModel):
    """Responses in long form: one row per respondent x item."""

    administration_id: str = pa.Field(description="Survey administration, e.g. 2025-2026-spring.")
    administration_date: Optional[dt.date] = pa.Field(nullable=True, description="Date the response was given.")
    respondent_type: str = pa.Field(isin=RESPONDENT_TYPES, description="student, staff or family.")
    respondent_id: Optional[str] = pa.Field(nullable=True, description="Respondent; empty when anonymous.")
    school_id: str = pa.Field(description="School (orgs.csv sourcedId).")
    item_id: str = pa.Field(description="Item (survey_items.csv).")
    response_value: int = pa.Field(description="Raw response value, within the item's scale.")


TABLES: list[SourceTable] = [
    SourceTable(
        name="survey_items", family="surveys", model=SurveyItem,
        description="Survey item bank: item -> construct, scale, favourable threshold, reverse coding.",
        file_patterns=("survey_items*.csv", "item_bank*.csv"),
    ),
    SourceTable(
        name="survey_responses", family="surveys", model=SurveyResponse,
        description="Survey responses in long form (every other CSV in surveys/).",
        catch_all=True,
        references=(
            Reference("item_id", "survey_items", ("item_id",), "survey item"),
            Reference("school_id", "oneroster_orgs", ("sourced_id",), "school"),
        ),
    ),
]
