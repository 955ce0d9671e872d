"""The usual alternative, for comparison: pandas reads a delivered file and pandera's pandas backend
validates it, with the same checks Continuum's ingestion makes.

Nothing here restates the column contract: the pandera-pandas schema is built from each source
table's Pandera-polars model (column names, types, nullability, uniqueness and the built-in checks,
which pandera runs on either backend). Only the model's cross-column `@dataframe_check`s are polars
expressions; each has its pandas counterpart below, by check name, and a missing one is an error.
Like ingestion/validation.py, the steps are: text columns -> types (a value that does not parse is
a failure of its row) -> the model's checks (lazy, every failure reported) -> references to parent
tables -> the rows that pass, and a count of those quarantined.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as ppa
import polars as pl

from ingestion.contract import Reference, SourceTable
from ingestion.landing import Delivery
from ingestion.reading import check_header
from ingestion.validation import _FALSE, _TRUE

# The pandas dtype each contract type is cast to, and checked against.
PANDAS_DTYPES: dict[type[pl.DataType], str] = {
    pl.Utf8: "str", pl.Int64: "Int64", pl.Float64: "float64", pl.Boolean: "boolean", pl.Date: "datetime64[us]",
}


def _dates_in_order(earlier: str, later: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[earlier].isna() | df[later].isna() | (df[later] >= df[earlier])


# pandas counterparts of the contracts' @dataframe_check functions (ingestion/*/contracts.py), by name.
DATAFRAME_CHECKS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "end_date_not_before_start_date": _dates_in_order("start_date", "end_date"),
    "end_date_not_before_begin_date": _dates_in_order("begin_date", "end_date"),
    "started_not_before_planned": _dates_in_order("planned_date", "started_date"),
    "studied_not_before_started": _dates_in_order("started_date", "studied_date"),
    "completed_not_before_created": _dates_in_order("created_date", "completed_date"),
    "has_scale_score_or_continuum_level": lambda df: df["scale_score"].notna() | df["continuum_level"].notna(),
    "improvement_minutes_within_total": lambda df: df["minutes_improvement"] <= df["minutes_total"],
    "scale_max_above_scale_min": lambda df: df["scale_max"] > df["scale_min"],
}


def pandas_schema(table: SourceTable) -> ppa.DataFrameSchema:
    """The table's contract as a pandera-pandas schema, built from its Pandera-polars model."""
    polars_schema = table.schema
    columns = {
        name: ppa.Column(PANDAS_DTYPES[column.dtype.type.base_type()], checks=list(column.checks),
                         nullable=column.nullable, unique=column.unique, required=column.required, name=name)
        for name, column in polars_schema.columns.items()
    }
    checks = []
    for check in polars_schema.checks:
        if check.name not in DATAFRAME_CHECKS:
            raise KeyError(f"{table.name}: the contract's dataframe check {check.name!r} has no pandas counterpart "
                           "in bench/pandas_reference.py DATAFRAME_CHECKS; add one")
        checks.append(ppa.Check(DATAFRAME_CHECKS[check.name], name=check.name))
    return ppa.DataFrameSchema(columns, checks=checks, unique=polars_schema.unique)


@dataclass
class PandasResult:
    loaded: pd.DataFrame
    rows_read: int
    rows_quarantined: int


def read_csv(table: SourceTable, delivery: Delivery) -> pd.DataFrame:
    """All contract columns as text (missing for empty), renamed to the contract's names."""
    mapped, _ = check_header(table, delivery)
    wanted = {header: column for column, header in mapped.items() if column in table.columns}
    frame = pd.read_csv(delivery.open_source() if delivery.member else delivery.path, dtype=str,
                        usecols=list(wanted), keep_default_na=False, na_values=[""], encoding="utf-8")
    frame = frame.rename(columns=wanted)
    for column in frame.columns:
        frame[column] = frame[column].str.strip().replace("", pd.NA)
    for column in table.columns:
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame[list(table.columns)]


def _cast(text: pd.Series, dtype: type[pl.DataType], date_formats: tuple[str, ...]) -> pd.Series:
    if dtype == pl.Date:
        parsed = pd.to_datetime(text, format=date_formats[0], errors="coerce")
        for fmt in date_formats[1:]:
            parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
        return parsed.astype(PANDAS_DTYPES[pl.Date])
    if dtype == pl.Boolean:
        lowered = text.str.lower()
        return pd.Series(pd.NA, index=text.index, dtype="boolean").mask(lowered.isin(_TRUE), True).mask(
            lowered.isin(_FALSE), False)
    if dtype == pl.Int64:
        number = pd.to_numeric(text, errors="coerce")
        return number.where(number % 1 == 0).astype("Int64")
    if dtype == pl.Float64:
        return pd.to_numeric(text, errors="coerce").astype("float64")
    return text


def validate(table: SourceTable, raw: pd.DataFrame, known: dict[Reference, set[str]]) -> PandasResult:
    typed = raw.copy()
    failing = pd.Series(False, index=raw.index)
    for name, column in table.schema.columns.items():
        dtype = column.dtype.type.base_type()
        typed[name] = _cast(raw[name], dtype, table.date_formats(name))
        failing |= raw[name].notna() & typed[name].isna()
    try:
        pandas_schema(table).validate(typed, lazy=True)
    except ppa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        unindexed = cases[cases["index"].isna()]
        if len(unindexed):
            raise RuntimeError(f"{table.name}: schema-level validation failure: {unindexed.to_dict('records')}")
        failing.loc[cases["index"].astype(int).unique()] = True
    for reference, keys in known.items():
        values = typed[reference.column]
        failing |= values.notna() & ~values.isin(keys)
    return PandasResult(typed[~failing], len(raw), int(failing.sum()))


def read_and_validate(table: SourceTable, delivery: Delivery, known: dict[Reference, set[str]]) -> PandasResult:
    return validate(table, read_csv(table, delivery), known)
