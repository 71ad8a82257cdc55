"""The solve workbook for people: an About sheet first, then tables a manager can filter.

Unlike a programme workbook (matcher.io.writing, which must load back), this one is only
read by people, so it uses what a spreadsheet offers: real date cells, Yes/No instead of
true/false, column widths that fit, a frozen header row and filters on every table. Text
that a spreadsheet would take for a formula (=, +, -, @) is stored as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from matcher.io.writing import save_workbook

DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60
FORMULA_STARTS = ("=", "+", "-", "@")


def people_value(value: Any) -> Any:
    """A value as a person reads it: dates stay dates, booleans Yes/No, lists joined."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, frozenset | set | tuple | list):
        return "; ".join(sorted(str(people_value(v)) for v in value))
    return value


def _cell(sheet: Any, value: Any, bold: bool = False) -> WriteOnlyCell | None:
    value = people_value(value)
    if value is None or value == "":
        return None
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _width(values: Sequence[Any]) -> float:
    longest = max((len(str(people_value(v) or "")) for v in values), default=0)
    return min(MAX_WIDTH, max(8, longest + 2))


def _table_sheet(book: Workbook, name: str, frame: pd.DataFrame) -> None:
    """One table: widths to fit, bold frozen header, a filter over every column."""
    sheet = book.create_sheet(name[:31])
    columns = [str(c) for c in frame.columns]
    for i, column in enumerate(columns, start=1):
        sample = [column, *frame.iloc[:2000, i - 1].tolist()]
        sheet.column_dimensions[get_column_letter(i)].width = _width(sample)
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    sheet.append([_cell(sheet, c, bold=True) for c in columns])
    for row in frame.itertuples(index=False):
        sheet.append([_cell(sheet, v) for v in row])


def _about_sheet(book: Workbook, about: Sequence[tuple[str, str]]) -> None:
    sheet = book.create_sheet("About")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    for label, text in about:
        sheet.append([_cell(sheet, label, bold=True), _cell(sheet, text)])


def write_people_workbook(
    path: Path, about: Sequence[tuple[str, str]], tables: Mapping[str, pd.DataFrame]
) -> Path:
    """The About sheet, then one sheet per table; written beside `path` and moved in."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    _about_sheet(book, about)
    for name, frame in tables.items():
        _table_sheet(book, name, frame)
    return save_workbook(book, path)
