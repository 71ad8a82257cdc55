"""A stored run as files: docs/format.md's CSV tables, or a workbook for people.

Built from the store on request (nothing is kept on the server's disk, so erasure has
no stray files to chase). Seats held by an erased peer show their anonymous placeholder
and the name "(erased)".
"""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path

import pandas as pd

from matcher.batch.outputs import about_rows, people_sheets, teams_table, utilisation_table
from matcher.batch.workbook import write_people_workbook
from matcher.io import assignments_table, unfilled_table
from matcher.io.csv_safe import csv_text
from matcher.models import Assignment, UnfilledSeat
from matcher.programme import Programme

ERASED_NAME = "(erased)"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportTable(StrEnum):
    ASSIGNMENTS = "assignments"
    UNFILLED = "unfilled"
    UTILISATION = "utilisation"
    TEAMS = "teams"


def tables(
    programme: Programme, assignments: list[Assignment], unfilled: list[UnfilledSeat]
) -> dict[ExportTable, pd.DataFrame]:
    return {
        ExportTable.ASSIGNMENTS: assignments_table(assignments),
        ExportTable.UNFILLED: unfilled_table(unfilled),
        ExportTable.UTILISATION: utilisation_table(programme, assignments),
        ExportTable.TEAMS: teams_table(programme, assignments, unfilled, ERASED_NAME),
    }


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV through the one writer that neutralises formula cells."""
    return csv_text(frame).encode("utf-8")


def workbook_bytes(
    programme: Programme,
    assignments: list[Assignment],
    unfilled: list[UnfilledSeat],
    summary: dict | None,
    about: dict[str, str] | None = None,
) -> bytes:
    """The run as the solve command's workbook for people: About, Summary (in words),
    Teams, Unfilled and Utilisation, with names beside ids (the caller is a manager)."""
    document = summary or {}
    sheets = people_sheets(programme, assignments, unfilled, document, ERASED_NAME)
    rows = about_rows(programme, document, about or {})
    with tempfile.TemporaryDirectory(prefix="peermatch-export-") as folder:
        path = write_people_workbook(Path(folder) / "run.xlsx", rows, sheets)
        return path.read_bytes()
