"""Split a delivered file's rows into the rows to load and the rows to quarantine, with reasons.

Three kinds of row-level check, all reported per row:
1. type: the text does not parse as the contract's type (a date, a number, a boolean);
2. contract: the Pandera model's checks (required values, allowed codes, ranges, uniqueness,
   cross-column rules), run eagerly on the whole frame so every check is really enforced;
3. reference: a key refers to something the warehouse does not know (an unknown student).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from pandera.errors import SchemaErrors

from ingestion.contract import Reference, SourceTable
from ingestion.reading import ROW_NUMBER, RawFrame

_TRUE = ["true", "t", "yes", "y", "1"]
_FALSE = ["false", "f", "no", "n", "0"]
_FAILURE_COLUMNS = {ROW_NUMBER: pl.Int64, "column": pl.Utf8, "check": pl.Utf8, "value": pl.Utf8}
_TYPE_WORDS = {pl.Date: "date", pl.Int64: "whole number", pl.Float64: "number", pl.Boolean: "true/false value"}


@dataclass
class ValidationResult:
    loaded: pl.DataFrame  # typed contract columns + _row_number
    quarantined: pl.DataFrame  # _row_number, failed_checks, reason, raw_values (JSON of the text values)

    @property
    def rows_read(self) -> int:
        return self.loaded.height + self.quarantined.height


def _parse(column: str, dtype: pl.DataType, date_formats: tuple[str, ...]) -> pl.Expr:
    text = pl.col(column)
    if dtype == pl.Date:
        return pl.coalesce([text.str.to_date(fmt, strict=False) for fmt in date_formats]).alias(column)
    if dtype == pl.Boolean:
        lowered = text.str.to_lowercase()
        return (pl.when(lowered.is_in(_TRUE)).then(True)
                .when(lowered.is_in(_FALSE)).then(False)
                .otherwise(None).alias(column))
    if dtype == pl.Utf8:
        return text
    return text.cast(dtype, strict=False).alias(column)


def cast_to_contract(table: SourceTable, raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed frame, and one failure row per value that does not parse as its column's type."""
    dtypes = table.polars_dtypes()
    typed = raw.select(
        pl.col(ROW_NUMBER),
        *(_parse(column, dtype, table.date_formats(column)) for column, dtype in dtypes.items()),
    )
    failures = []
    for column, dtype in dtypes.items():
        if dtype == pl.Utf8:
            continue
        bad = raw.get_column(column).is_not_null() & typed.get_column(column).is_null()
        if bad.any():
            word = _TYPE_WORDS.get(dtype.base_type(), str(dtype))
            if dtype == pl.Date:
                word += " (" + " or ".join(table.date_formats(column)).replace("%Y", "YYYY").replace(
                    "%m", "MM").replace("%d", "DD").replace("%y", "YY") + ")"
            failures.append(raw.filter(bad).select(
                pl.col(ROW_NUMBER), pl.lit(column).alias("column"),
                pl.lit(f"not a valid {word}").alias("check"), pl.col(column).alias("value"),
            ))
    return typed, _concat_failures(failures)


def _concat_failures(parts: list[pl.DataFrame]) -> pl.DataFrame:
    if not parts:
        return pl.DataFrame(schema=_FAILURE_COLUMNS)
    return pl.concat([part.cast(_FAILURE_COLUMNS) for part in parts])  # type: ignore[arg-type]


def contract_failures(table: SourceTable, typed: pl.DataFrame) -> pl.DataFrame:
    """Failures of the Pandera model's checks, one row per failing row and check."""
    try:
        table.model.validate(typed, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return _concat_failures([])
    unindexed = cases.filter(pl.col("index").is_null())
    if unindexed.height:
        # Schema-level failures (a column's type) cannot be pinned to rows: a bug in reading, not in the data.
        raise RuntimeError(f"{table.name}: schema-level validation failure: {unindexed.to_dicts()}")
    check, whole_row = pl.col("check"), pl.col("schema_context") == "DataFrameSchema"
    unique_key = "(" + ", ".join(table.schema.unique or []) + ")"
    return cases.select(
        (pl.col("index").cast(pl.Int64) + 1).alias(ROW_NUMBER),
        pl.when(check == "multiple_fields_uniqueness").then(pl.lit(unique_key))
        .when(whole_row).then(pl.lit("row"))
        .otherwise(pl.col("column")).alias("column"),
        pl.when(check == "not_nullable").then(pl.lit("required value is missing"))
        .when(check.is_in(["field_uniqueness", "multiple_fields_uniqueness"]))
        .then(pl.lit("duplicates another row of the file"))
        .when(whole_row).then("fails " + check.str.replace_all("_", " "))
        .otherwise("fails " + check).alias("check"),
        pl.col("failure_case").alias("value"),
    ).cast(_FAILURE_COLUMNS)  # type: ignore[arg-type]


def reference_failures(typed: pl.DataFrame, known: dict[Reference, pl.Series]) -> pl.DataFrame:
    parts = []
    for reference, keys in known.items():
        unknown = pl.col(reference.column).is_not_null() & ~pl.col(reference.column).is_in(keys.implode())
        parts.append(typed.filter(unknown).select(
            pl.col(ROW_NUMBER), pl.lit(reference.column).alias("column"),
            pl.lit(f"unknown {reference.what} (not in {reference.parent_table})").alias("check"),
            pl.col(reference.column).alias("value"),
        ))
    return _concat_failures(parts)


def validate(table: SourceTable, raw: RawFrame, known: dict[Reference, pl.Series]) -> ValidationResult:
    typed, type_failures = cast_to_contract(table, raw.frame)
    pandera_failures = contract_failures(table, typed)
    # A value that failed to parse is null in the typed frame; its 'missing' report would only repeat the type failure.
    pandera_failures = pandera_failures.join(type_failures.select(ROW_NUMBER, "column"), on=[ROW_NUMBER, "column"], how="anti")
    failures = pl.concat([type_failures, pandera_failures, reference_failures(typed, known)])
    if failures.height == 0:
        return ValidationResult(typed, _empty_quarantine())
    reasons = (
        failures.unique(maintain_order=True)
        .with_columns(
            (pl.col("column") + ": " + pl.col("check")).alias("failed_check"),
            (pl.col("column") + " " + pl.col("check")
             + pl.when(pl.col("value").is_not_null()).then(" (got '" + pl.col("value") + "')").otherwise(pl.lit(""))
             ).alias("message"),
        )
        .group_by(ROW_NUMBER, maintain_order=True)
        .agg(pl.col("failed_check").unique(maintain_order=True).str.join("; ").alias("failed_checks"),
             pl.col("message").str.join("; ").alias("reason"))
    )
    raw_values = raw.frame.select(
        pl.col(ROW_NUMBER),
        pl.struct([pl.col(column).alias(header) for column, header in raw.headers.items()])
        .struct.json_encode().alias("raw_values"),
    )
    quarantined = reasons.join(raw_values, on=ROW_NUMBER, how="left").sort(ROW_NUMBER)
    loaded = typed.join(reasons.select(ROW_NUMBER), on=ROW_NUMBER, how="anti")
    return ValidationResult(loaded, quarantined)


def _empty_quarantine() -> pl.DataFrame:
    return pl.DataFrame(schema={ROW_NUMBER: pl.Int64, "failed_checks": pl.Utf8, "reason": pl.Utf8, "raw_values": pl.Utf8})

