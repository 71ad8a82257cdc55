"""Answer files: reading assignments back (for `peermatch check --assignments`) and the
docs/format.md output tables the jobs write (assignments, unfilled)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from matcher.io.checks import check_order
from matcher.io.errors import InvalidInstanceError, LoadError
from matcher.io.parsing import build_models, parse_table
from matcher.io.schema import ASSIGNMENTS, UNFILLED
from matcher.io.tables import RawTable, is_workbook, read_csv_table, read_raw
from matcher.io.writing import model_frame
from matcher.models import Assignment, UnfilledSeat


def read_assignments(path: Path) -> list[Assignment]:
    """The rows of an assignments CSV (or the `assignments` sheet of a workbook).

    Only the file's own form is checked here (ids present, ISO dates, end not before start);
    whether the answer obeys H1-H8 is the independent validator's job.
    """
    path = Path(path)
    errors: list[LoadError] = []
    table = _assignments_table(path, errors)
    parsed = parse_table(table, ASSIGNMENTS, errors)
    check_order(parsed, "start_date", "end_date", "onsite days run forward from the start", errors)
    assignments = build_models(parsed, errors)
    if errors:
        raise InvalidInstanceError(errors, source=str(path))
    return assignments  # type: ignore[return-value]


def _assignments_table(path: Path, errors: list[LoadError]) -> RawTable | None:
    if is_workbook(path):
        raw = read_raw(path, ("assignments",))
        errors.extend(raw.errors)
        if "assignments" not in raw.tables and not raw.errors:
            errors.append(LoadError(file=path.name, message="no 'assignments' sheet"))
        return raw.tables.get("assignments")
    if not path.is_file():
        errors.append(LoadError(file=str(path), message="no such assignments file"))
        return None
    return read_csv_table(path, "assignments", errors)


def assignments_table(assignments: Iterable[Assignment]) -> pd.DataFrame:
    """docs/format.md's assignments table (for write_tables)."""
    return model_frame(ASSIGNMENTS, assignments)


def unfilled_table(unfilled: Iterable[UnfilledSeat]) -> pd.DataFrame:
    """docs/format.md's unfilled table (for write_tables)."""
    return model_frame(UNFILLED, unfilled)
