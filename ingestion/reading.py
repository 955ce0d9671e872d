"""Read one delivered CSV into a frame of text columns named by the contract.

Everything is read as text so that a bad value costs one row (quarantined by validation), not
the file. What can only be judged for the file as a whole raises FileProblem, with a message
that names the file, says what is wrong and what to do about it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import polars as pl

from ingestion.contract import SourceTable, header_key
from ingestion.landing import Delivery

ROW_NUMBER = "_row_number"
_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "pipes"}


class FileProblem(Exception):
    """The file cannot be loaded at all; nothing from it is written."""

    def __init__(self, identity: str, problem: str, fix: str) -> None:
        self.identity, self.problem, self.fix = identity, problem, fix
        super().__init__(f"{identity}: {problem}. {fix}")


@dataclass
class RawFrame:
    frame: pl.DataFrame  # contract columns as text (null for empty), plus _row_number from 1
    headers: dict[str, str]  # contract column -> header as delivered
    ignored_columns: list[str]  # delivered headers the contract does not know


def _decode_header(identity: str, head: bytes) -> list[str]:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(identity, "is UTF-16 encoded", "Save it as 'CSV UTF-8' and deliver it again.")
    first_line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first_line.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        raise FileProblem(identity, f"is not UTF-8 (invalid byte {first_line[error.start]:#04x} in the header)",
                          "Re-export it as UTF-8 ('CSV UTF-8' in Excel).") from None
    if not text.strip():
        raise FileProblem(identity, "has an empty first line where the header should be",
                          "Deliver the file with its column header on the first line.")
    return next(csv.reader([text]))


def _check_delimiter(identity: str, names: list[str], table: SourceTable) -> None:
    if len(names) > 1:
        return
    for delimiter, plural in _OTHER_DELIMITERS.items():
        if delimiter in names[0]:
            raise FileProblem(identity, f"is separated by {plural}, not commas",
                              f"Export it as comma-separated CSV with the columns {', '.join(table.required_columns)}.")


def _map_headers(identity: str, names: list[str], table: SourceTable) -> tuple[dict[str, str], list[str]]:
    lookup = table.column_for_header()
    mapped: dict[str, str] = {}
    ignored: list[str] = []
    for name in names:
        column = lookup.get(header_key(name))
        if column is None:
            ignored.append(name)
        elif column in mapped:
            raise FileProblem(identity, f"has the column {column!r} twice ({mapped[column]!r} and {name!r})",
                              "Remove the duplicate column and deliver the file again.")
        else:
            mapped[column] = name
    missing = [column for column in table.required_columns if column not in mapped]
    if missing:
        raise FileProblem(
            identity,
            f"is missing required column(s) {', '.join(missing)} for {table.name} (found: {', '.join(names)})",
            "Add the missing columns (header names are matched ignoring case and punctuation) "
            "and deliver the file again; docs/landing-contract.md lists every column.",
        )
    return mapped, ignored


def _ragged_row(source: object) -> str:
    """Find the first row whose field count differs from the header, for the error message."""
    data = source if isinstance(source, bytes) else open(source, "rb").read()  # type: ignore[arg-type]
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace").lstrip("\ufeff")))
    width = len(next(reader, []))
    for number, row in enumerate(reader, start=1):
        if len(row) > width:
            return f"data row {number} has {len(row)} fields but the header has {width}"
    return "a row has more fields than the header"


def check_header(table: SourceTable, delivery: Delivery) -> tuple[dict[str, str], list[str]]:
    """The file-level checks made before any row is read: (contract column -> header as delivered,
    delivered headers the contract does not know). Raises FileProblem."""
    identity = delivery.identity
    if delivery.size() == 0:
        raise FileProblem(identity, "is empty (0 bytes)", "Check that the export finished and deliver it again.")
    names = _decode_header(identity, delivery.head())
    _check_delimiter(identity, names, table)
    return _map_headers(identity, names, table)


def read_delivery(table: SourceTable, delivery: Delivery) -> RawFrame:
    identity = delivery.identity
    mapped, ignored = check_header(table, delivery)
    source = delivery.open_source()
    try:
        # Discarded columns (passwords) are never even read.
        wanted = [header for column, header in mapped.items() if column in table.columns]
        frame = pl.read_csv(source, infer_schema=False, columns=wanted, encoding="utf8")
    except pl.exceptions.ComputeError as error:
        message = str(error)
        if "utf-8" in message.lower():
            raise FileProblem(identity, "is not UTF-8 (an invalid byte sequence after the header)",
                              "Re-export it as UTF-8 ('CSV UTF-8' in Excel).") from None
        if "more fields" in message:
            raise FileProblem(identity, f"is not well-formed CSV: {_ragged_row(source)}",
                              "Quote values that contain commas and deliver the file again.") from None
        raise FileProblem(identity, f"could not be parsed as CSV ({message.splitlines()[0]})",
                          "Check the file is a comma-separated export and deliver it again.") from None
    except pl.exceptions.NoDataError:
        raise FileProblem(identity, "has no header or data", "Check that the export finished.") from None
    if frame.height == 0:
        raise FileProblem(identity, "has a header but no data rows",
                          "Check that the export finished; remove the file if there is nothing to deliver.")
    by_header = {header: column for column, header in mapped.items() if column in table.columns}
    frame = frame.rename(by_header).select(
        pl.col(column).str.strip_chars().replace("", None) for column in by_header.values()
    )
    missing_optional = [column for column in table.columns if column not in frame.columns]
    frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column) for column in missing_optional)
    frame = frame.select(list(table.columns)).with_row_index(ROW_NUMBER, offset=1)
    frame = frame.with_columns(pl.col(ROW_NUMBER).cast(pl.Int64))
    headers = {column: header for column, header in mapped.items() if column in table.columns}
    return RawFrame(frame=frame, headers=headers, ignored_columns=ignored)
