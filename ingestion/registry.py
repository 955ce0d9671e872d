"""Every source table Continuum ingests, in an order where parents come before children."""

from __future__ import annotations

from ingestion.assessments.contracts import TABLES as ASSESSMENT_TABLES
from ingestion.contract import SourceTable
from ingestion.improvement.contracts import TABLES as IMPROVEMENT_TABLES
from ingestion.sis.contracts import TABLES as SIS_TABLES
from ingestion.surveys.contracts import TABLES as SURVEY_TABLES

FAMILIES = ("sis", "assessments", "surveys", "improvement")

SOURCE_TABLES: tuple[SourceTable, ...] = (*SIS_TABLES, *ASSESSMENT_TABLES, *SURVEY_TABLES, *IMPROVEMENT_TABLES)
TABLES_BY_NAME: dict[str, SourceTable] = {table.name: table for table in SOURCE_TABLES}


def source_table(name: str) -> SourceTable:
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown source table {name!r}; known: {', '.join(TABLES_BY_NAME)}") from None
