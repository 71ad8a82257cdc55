"""Raw tables: the cells of a programme folder or workbook, as stripped text with row numbers.

This layer only finds and decodes the tables; it knows nothing about peers or councils.
Every table keeps the spreadsheet row number of each row (header = row 1) so any later
error can point at the row a manager sees. Problems that stop a file being read at all (not
UTF-8, ragged rows, an unreadable workbook) become LoadErrors here, and reading carries on
with the other files so one load reports everything.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from matcher.io.csv_safe import restore_cell
from matcher.io.errors import ErrorList, LoadError
from matcher.io.grids import Unreadable, csv_rows, sheet_rows

TABLE_NAMES: tuple[str, ...] = (
    "settings",
    "councils",
    "council_neighbours",
    "peers",
    "unavailability",
    "conflicts",
    "challenges",
    "seats",
    "placements",
    "history",
)
"""Every table a programme folder may hold, in the order errors are reported."""

REQUIRED_TABLES: tuple[str, ...] = ("peers", "challenges")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
REPLACEMENT_CHAR = "\ufffd"


@dataclass
class RawTable:
    """One table's cells as stripped strings, column by column, with spreadsheet rows.

    Plain lists rather than a DataFrame: everything downstream walks columns once, and
    skipping pandas' per-operation overhead keeps small folders (and tests) fast.
    """

    name: str
    label: str
    columns: dict[str, list[str]]
    rows: list[int]
    """Spreadsheet row of each data row (header = 1; blank rows are skipped, not renumbered)."""


@dataclass
class RawProgramme:
    """Everything found at a programme path, plus the errors met while reading it."""

    source: str
    tables: dict[str, RawTable] = field(default_factory=dict)
    settings_toml: dict | None = None
    settings_label: str = "settings.toml"
    errors: ErrorList = field(default_factory=ErrorList)
    unreadable: set[str] = field(default_factory=set)
    """Tables present but unreadable (already reported), or '*' when nothing could be read."""
    found: list[str] = field(default_factory=list)
    """The sheets of a workbook, or the .csv files of a folder (named in 'missing' errors)."""


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in XLSX_SUFFIXES


def read_raw(path: Path, names: tuple[str, ...] = TABLE_NAMES) -> RawProgramme:
    """Read the tables in `names` from a folder of CSVs or one .xlsx workbook."""
    raw = RawProgramme(source=str(path))
    if is_workbook(path) and path.is_file():
        _read_workbook(path, names, raw)
    elif path.is_dir():
        raw.found = sorted(p.name for p in path.glob("*.csv"))
        _read_folder(path, names, raw)
    else:
        raw.errors.append(LoadError(file=str(path), message=_not_a_programme(path)))
        raw.unreadable.add("*")
    return raw


def _not_a_programme(path: Path) -> str:
    """Why `path` cannot be a programme, and what to give instead."""
    if path.is_file() and path.suffix.lower() == ".csv":
        return (
            f"this is one CSV file: give the folder that holds the programme's CSV files "
            f"({path.parent}), or an .xlsx workbook"
        )
    if path.exists():
        return "not a programme: give a folder of CSV files or an .xlsx workbook"
    return "no such folder or .xlsx workbook"


def _read_folder(folder: Path, names: tuple[str, ...], raw: RawProgramme) -> None:
    for name in names:
        csv_path = folder / f"{name}.csv"
        if csv_path.is_file():
            table = read_csv_table(csv_path, name, raw.errors)
            if table is None:
                raw.unreadable.add(name)
            else:
                raw.tables[name] = table
    toml_path = folder / "settings.toml"
    if "settings" in names and toml_path.is_file():
        raw.settings_toml = _read_toml(toml_path, raw.errors)


def _read_toml(path: Path, errors: list[LoadError]) -> dict | None:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        errors.append(LoadError(file=path.name, message=f"not valid UTF-8 TOML: {exc}"))
        return None


def read_csv_table(path: Path, name: str, errors: list[LoadError]) -> RawTable | None:
    """One CSV as a RawTable, read within grids' bounds; non-UTF-8 cells are reported and
    read with U+FFFD in place."""
    try:
        grid, utf8 = csv_rows(path)
    except Unreadable as exc:
        errors.append(_unreadable(path.name, exc))
        return None
    if _separated_otherwise(grid, path.name, errors):
        return None
    table = grid_to_table(grid, name, path.name, errors)
    if not utf8:
        errors.extend(_not_utf8_errors(table, path.name))
    return table


SEPARATORS = {";": "semicolons", "\t": "tabs"}


def _separated_otherwise(grid: list[list[str]], label: str, errors: list[LoadError]) -> bool:
    """A one-column header holding ';' or tabs: the file was saved with another separator."""
    if not grid or len(grid[0]) != 1:
        return False
    header = str(grid[0][0])
    for separator, word in SEPARATORS.items():
        if header.count(separator) >= 1:
            message = (
                f"this file is separated by {word}, not commas: save it as "
                "'CSV (comma delimited)' (UTF-8)"
            )
            errors.append(LoadError(file=label, row=1, message=message))
            return True
    return False


def _unreadable(label: str, exc: Unreadable) -> LoadError:
    return LoadError(file=label, row=exc.row, column=exc.column, message=str(exc))


def _not_utf8_errors(table: RawTable, label: str) -> list[LoadError]:
    """Point at the cells that held undecodable bytes (they now contain U+FFFD)."""
    message = "not UTF-8: this cell holds bytes that are not UTF-8 (save the file as CSV UTF-8)"
    found = [
        LoadError(file=label, row=1, column=column, value=column, message=message)
        for column in table.columns
        if REPLACEMENT_CHAR in column
    ]
    for column, cells in table.columns.items():
        found += [
            LoadError(file=label, row=row, column=column, value=value, message=message)
            for row, value in zip(table.rows, cells, strict=True)
            if REPLACEMENT_CHAR in value
        ]
    if not found:  # the bytes were in an ignored column or a blank row
        found.append(LoadError(file=label, message=message.replace("this cell", "the file")))
    return found


def grid_to_table(
    grid: list[list[str]], name: str, label: str, errors: list[LoadError]
) -> RawTable:
    """Header row -> column names (stripped); blank rows dropped; cells stripped; short
    rows padded with empty cells."""
    if not grid or not any(cell.strip() for cell in grid[0]):
        errors.append(LoadError(file=label, row=1, message="empty file: no header row"))
        return RawTable(name, label, {}, [])
    header = [cell.strip() for cell in grid[0]]
    keep = _keep_columns(header, label, errors)
    body = grid[1:]
    columns = {
        header[i]: [restore_cell(row[i].strip()) if i < len(row) else "" for row in body]
        for i in keep
    }
    filled = [any(row) for row in zip(*columns.values(), strict=True)] if columns else []
    if not all(filled):
        columns = {k: [c for c, f in zip(v, filled, strict=True) if f] for k, v in columns.items()}
    # grid position 0 is the header (row 1), so data position p is spreadsheet row p + 1
    rows = [position + 2 for position, f in enumerate(filled) if f]
    return RawTable(name, label, columns, rows)


def _keep_columns(header: list[str], label: str, errors: list[LoadError]) -> list[int]:
    """Positions of named columns; a repeated name is an error (which one would count?)."""
    keep: list[int] = []
    seen: set[str] = set()
    for position, column in enumerate(header):
        if not column:
            continue  # an unnamed extra column: kept but ignored, like any extra column
        if column in seen:
            errors.append(
                LoadError(
                    file=label, row=1, column=column, value=column, message="duplicate column name"
                )
            )
            continue
        seen.add(column)
        keep.append(position)
    return keep


def _read_workbook(path: Path, names: tuple[str, ...], raw: RawProgramme) -> None:
    """The wanted sheets, streamed (read-only) within grids' bounds."""
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raw.errors.append(LoadError(file=path.name, message=f"unreadable .xlsx workbook: {exc}"))
        raw.unreadable.add("*")
        return
    try:
        sheets = {sheet.strip().lower(): sheet for sheet in book.sheetnames}
        raw.found = list(book.sheetnames)
        for name in names:
            if name in sheets:
                _read_sheet(book[sheets[name]], name, f"{path.name}[{sheets[name]}]", raw)
    finally:
        book.close()


def _read_sheet(sheet, name: str, label: str, raw: RawProgramme) -> None:
    try:
        grid = sheet_rows(sheet)
    except Unreadable as exc:
        raw.errors.append(_unreadable(label, exc))
        raw.unreadable.add(name)
        return
    except Exception as exc:  # a damaged sheet part only shows once streamed
        raw.errors.append(LoadError(file=label, message=f"unreadable sheet: {exc}"))
        raw.unreadable.add(name)
        return
    raw.tables[name] = grid_to_table(grid, name, label, raw.errors)
