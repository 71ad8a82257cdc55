"""Bounded, streaming readers: a CSV file or a workbook sheet as rows of cell text.

Uploads are untrusted, so reading never holds more than the bounds allow: rows are read
one at a time and reading stops at MAX_ROWS filled rows, MAX_COLUMNS named columns or a
cell over MAX_CELL_CHARS, with an error naming the file, row and column. A workbook is
read with openpyxl's read-only (streaming) mode and only up to its last named column, so
a stray cell in column XFD costs nothing. Formula cells are refused: peermatch reads what
a manager typed, and a formula's cached result may be missing or stale.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MAX_ROWS = 100_000
"""Filled rows per table (an L programme has 10,000 peers)."""
MAX_COLUMNS = 64
"""Named columns per table (the widest table, peers, has about 20)."""
MAX_CELL_CHARS = 10_000
"""Characters in one cell (free-text notes included)."""


class Unreadable(Exception):
    """The table cannot be read within the bounds; `row`/`column` say where it stopped."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row = row
        self.column = column


def csv_rows(path: Path) -> tuple[list[list[str]], bool]:
    """The CSV's rows (header first) and whether it was valid UTF-8.

    Undecodable bytes are read as U+FFFD on a second pass, so they can be pointed at.
    """
    try:
        return _read_csv(path, "strict"), True
    except UnicodeDecodeError:
        return _read_csv(path, "replace"), False


def _read_csv(path: Path, decode_errors: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", errors=decode_errors, newline="") as handle:
        reader = csv.reader(handle)
        try:
            return bounded(reader, "CSV")
        except csv.Error as exc:
            raise Unreadable(f"unreadable CSV: {exc}", row=reader.line_num) from None


def bounded(records: Iterable[list[str]], kind: str) -> list[list[str]]:
    """Rows of `records` within the bounds (a row wider than the header is an error)."""
    rows: list[list[str]] = []
    width = 0
    filled = 0
    for number, record in enumerate(records, start=1):
        if number == 1:
            width = _header_width(record)
        elif len(record) > width:
            if any(cell.strip() for cell in record[width:]):
                raise Unreadable(
                    f"unreadable {kind}: row {number} has {len(record)} cells but the "
                    f"header names {width} columns",
                    row=number,
                )
            record = record[:width]
        _check_cells(record, number, rows[0] if rows else record)
        if any(record):
            filled += 1
            if filled > MAX_ROWS + 1:
                raise Unreadable(f"more than {MAX_ROWS:,} rows: split the programme", row=number)
        rows.append(record)
    return rows


def _header_width(header: list[str]) -> int:
    """Position after the last named column; more than MAX_COLUMNS named is an error."""
    named = [position for position, name in enumerate(header) if str(name).strip()]
    if len(named) > MAX_COLUMNS:
        raise Unreadable(f"more than {MAX_COLUMNS} named columns", row=1)
    return named[-1] + 1 if named else 0


def _check_cells(record: list[str], number: int, header: list[str]) -> None:
    for position, cell in enumerate(record):
        if len(cell) > MAX_CELL_CHARS:
            column = str(header[position]).strip() if position < len(header) else None
            raise Unreadable(
                f"a cell longer than {MAX_CELL_CHARS:,} characters", row=number, column=column
            )


def sheet_rows(sheet: Any) -> list[list[str]]:
    """A read-only openpyxl sheet's rows as text, up to its last named column."""
    rows = sheet.iter_rows(min_row=1, max_row=1)
    header = next(rows, ())
    header_text = [_cell_text(cell, 1, None) for cell in header]
    width = _header_width(header_text)
    if width == 0:
        return [header_text] if header_text else []
    body = sheet.iter_rows(min_row=2, max_col=width)
    names = header_text[:width]
    texts = (
        [_cell_text(cell, number, name) for cell, name in zip(row, names, strict=False)]
        for number, row in enumerate(body, 2)
    )
    return bounded(_chain([names], texts), "sheet")


def _chain(first: list[list[str]], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield from first
    yield from rest


def _cell_text(cell: Any, row: int, column: str | None) -> str:
    """A workbook cell as the text a CSV would hold (as pandas read it before)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f":
        raise Unreadable(
            f"formula cell {value!r}: type the value itself (peermatch does not run formulas)",
            row=row,
            column=column,
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)  # dates as 'YYYY-MM-DD 00:00:00', which cells.DATE accepts
