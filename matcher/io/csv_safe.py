"""The one CSV writer: every CSV peermatch hands out goes through `csv_text`.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula (and
a leading tab or carriage return hides such a start), so a peer named
`=HYPERLINK("http://…"&A1,"click")` would run in the manager's Excel when they open an
export (CSV injection). Text cells with such a start are written with a leading `'`, which
spreadsheets show as plain text; numbers are left alone (a number cannot be a formula).
Reading a folder takes the `'` back off (`restore_cell`), so saved programmes load equal.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters a spreadsheet may treat as the start of a formula."""
QUOTE = "'"
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """`value` made inert for a spreadsheet: text starting a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if not _NUMBER.fullmatch(value):
            return QUOTE + value
    return value


def restore_cell(text: str) -> str:
    """The cell as written before `neutralise` (a `'` followed by a formula start is ours)."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and column name) neutralised."""
    if not len(frame.columns):
        return frame
    safe = frame.apply(lambda column: column.map(neutralise))
    safe.columns = [neutralise(str(name)) for name in frame.columns]
    return safe


def csv_text(frame: pd.DataFrame) -> str:
    """`frame` as CSV text (no index, `\\n` line ends) with formulas neutralised."""
    buffer = io.StringIO()
    safe_frame(frame).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write `frame` to `path` through `csv_text` (UTF-8)."""
    Path(path).write_text(csv_text(frame), encoding="utf-8", newline="")
    return Path(path)
