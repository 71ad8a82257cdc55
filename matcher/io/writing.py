"""Writing programme folders and job outputs, never leaving a half-written file behind.

A folder is first written in full to a temporary sibling and then moved into place (a
rename when the target is new; otherwise each file is os.replace'd, which is atomic per
file). Workbooks are written to a temporary name and os.replace'd. Cells follow docs/format.md:
`;`-joined lists (sets sorted, so output is stable), ISO dates, true/false, empty = None.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from matcher.io.cells import LIST_SEPARATOR
from matcher.io.csv_safe import write_csv
from matcher.io.reading import ENTITY_TABLES, is_reference_registry
from matcher.io.schema import COUNCIL_NEIGHBOURS, COUNCILS, PROGRAMME_TABLES, TableSpec
from matcher.io.settings_table import WEIGHT_PREFIX
from matcher.io.tables import is_workbook
from matcher.programme import Programme
from matcher.settings import ProgrammeSettings


def cell(value: Any) -> Any:
    """One value as docs/format.md writes it; numbers stay numbers (real numbers in a workbook)."""
    if value is None:
        return ""
    if isinstance(value, np.generic):  # numpy scalars from a job's DataFrame
        value = value.item()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return LIST_SEPARATOR.join(sorted(str(cell(v)) for v in value))
    if isinstance(value, tuple | list):
        return LIST_SEPARATOR.join(str(cell(v)) for v in value)
    if isinstance(value, int | float | str):
        return value
    return str(value)


def model_frame(spec: TableSpec, models: Iterable[Any]) -> pd.DataFrame:
    """A table of models in the spec's column order."""
    names = spec.column_names
    rows = [[cell(getattr(m, n)) for n in names] for m in models]
    return pd.DataFrame(rows, columns=names, dtype=object)


def settings_frame(settings: ProgrammeSettings) -> pd.DataFrame:
    """The one-row settings table (weights spread over weight_S1 ... weight_S8)."""
    row = {name: cell(value) for name, value in settings.model_dump().items() if name != "weights"}
    row.update({f"{WEIGHT_PREFIX}{code}": points for code, points in settings.weights.items()})
    return pd.DataFrame([row], dtype=object)


def programme_tables(programme: Programme, include_councils: bool) -> dict[str, pd.DataFrame]:
    """Every table of the programme folder; only explicit seats (templates are implied)."""
    tables = {"settings": settings_frame(programme.settings)}
    if include_councils:
        councils = programme.councils
        tables["councils"] = model_frame(COUNCILS, (councils[c] for c in councils.codes))
        pairs = sorted(tuple(sorted(pair)) for pair in councils.neighbour_pairs)
        tables["council_neighbours"] = pd.DataFrame(
            pairs, columns=COUNCIL_NEIGHBOURS.column_names, dtype=object
        )
    for name in ENTITY_TABLES:
        if name != "history" or programme.history:  # optional: written when there is one
            tables[name] = model_frame(PROGRAMME_TABLES[name], getattr(programme, name))
    return tables


def save_programme(
    programme: Programme, path: Path, *, include_councils: bool | None = None
) -> Path:
    """Write `programme` as a folder of CSVs, or as one workbook if `path` ends in .xlsx.

    Councils are written only if asked, or (by default) when the programme's councils are
    not the reference data a load would read anyway, so the saved folder loads back equal.
    In a folder, stale programme files this save does not write (settings.toml, councils
    tables, an empty history) are removed so they cannot change what loads back; other
    files are left alone.
    """
    path = Path(path)
    if include_councils is None:
        include_councils = not is_reference_registry(programme.councils)
    tables = programme_tables(programme, include_councils)
    if is_workbook(path):
        write_workbook(tables, path)
    else:
        stale = ["settings.toml"] + (
            [] if include_councils else ["councils.csv", "council_neighbours.csv"]
        )
        stale += [] if programme.history else ["history.csv"]
        _write_folder(tables, path, remove=stale)
    return path


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out_dir: Path,
    *,
    xlsx_name: str | None = None,
    json_docs: Mapping[str, dict] | None = None,
) -> Path:
    """Write `<name>.csv` per table, optionally one workbook `xlsx_name` (a sheet per table)
    and `<name>.json` per document into `out_dir`, all or nothing (see module docstring).

    Used by the jobs for assignments.csv, unfilled.csv and summary.json.
    """
    return _write_folder(tables, Path(out_dir), xlsx_name=xlsx_name, json_docs=json_docs)


def _write_folder(
    tables: Mapping[str, pd.DataFrame],
    out_dir: Path,
    *,
    xlsx_name: str | None = None,
    json_docs: Mapping[str, dict] | None = None,
    remove: Iterable[str] = (),
) -> Path:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        for name, frame in tables.items():
            write_csv(_normalised(frame), staging / f"{name}.csv")
        if xlsx_name:
            write_workbook(tables, staging / xlsx_name)
        for name, document in (json_docs or {}).items():
            text = json.dumps(document, indent=2, default=str, ensure_ascii=False)
            (staging / f"{name}.json").write_text(text + "\n", encoding="utf-8")
        _publish(staging, out_dir, remove)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir


def _publish(staging: Path, out_dir: Path, remove: Iterable[str]) -> None:
    """Move the staged files into `out_dir`: one rename if it is new, else file by file."""
    if not out_dir.exists():
        try:
            staging.rename(out_dir)
            return
        except OSError:
            out_dir.mkdir(exist_ok=True)  # created meanwhile: fall back to per-file replace
    for staged in staging.iterdir():
        os.replace(staged, out_dir / staged.name)
    for name in remove:
        (out_dir / name).unlink(missing_ok=True)


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells in docs/format.md form (true/false, ISO dates, `;` lists) for any job's table."""
    return frame.apply(lambda column: column.map(cell)) if len(frame.columns) else frame


def write_workbook(tables: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """One sheet per table, written to a temporary name and moved into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    for name, frame in tables.items():
        sheet = book.create_sheet(name[:31])  # Excel's limit on sheet names
        sheet.append([str(c) for c in frame.columns])
        for row in _normalised(frame).itertuples(index=False):
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    return save_workbook(book, path)


def save_workbook(book: Workbook, path: Path) -> Path:
    """Save `book` beside `path` under a temporary name and move it in with one rename:
    a reader (or a crash) never sees half a workbook. The folder must exist."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Empty text as a blank cell; text starting with '=' stays text, never a formula."""
    if value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, str) and value.startswith("="):
        text = WriteOnlyCell(sheet, value)
        text.data_type = "s"
        return text
    return value
