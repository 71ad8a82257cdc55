"""Helpers for the tests/test_io_*.py modules: a copy of the tiny programme folder to edit.

tests/data/tiny_programme is a valid programme with its own six councils, so loading it
needs no reference data; each test copies it and plants the one problem it is about.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from paths import TINY_PROGRAMME

from matcher.io import InvalidInstanceError, LoadError, load_programme
from matcher.programme import Programme

TINY = TINY_PROGRAMME
NO_DATA_DIR = Path("/nonexistent/peermatch-data")
"""The tiny folder carries its own councils, so the reference data must never be read."""


def tiny_copy(tmp_path: Path, name: str = "programme") -> Path:
    target = tmp_path / name
    shutil.copytree(TINY, target)
    return target


def read_rows(folder: Path, file: str) -> list[list[str]]:
    with (folder / file).open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(folder: Path, file: str, rows: list[list[str]]) -> None:
    with (folder / file).open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, file: str, row: int, column: str, value: str) -> None:
    """Set spreadsheet row `row` (header = 1) of `column`, adding the column if needed."""
    rows = read_rows(folder, file)
    if column not in rows[0]:
        rows[0].append(column)
        for other in rows[1:]:
            other.append("")
    rows[row - 1][rows[0].index(column)] = value
    write_rows(folder, file, rows)


def add_row(folder: Path, file: str, **cells: str) -> int:
    """Append a row (unnamed columns empty); returns its spreadsheet row number."""
    rows = read_rows(folder, file)
    rows.append([cells.pop(column, "") for column in rows[0]])
    assert not cells, f"columns not in {file}: {sorted(cells)}"
    write_rows(folder, file, rows)
    return len(rows)


def copy_row(folder: Path, file: str, row: int, **changes: str) -> int:
    """Append a copy of spreadsheet row `row` with `changes`; returns the new row number."""
    rows = read_rows(folder, file)
    cells = dict(zip(rows[0], rows[row - 1], strict=True)) | changes
    return add_row(folder, file, **cells)


def drop_column(folder: Path, file: str, column: str) -> None:
    rows = read_rows(folder, file)
    index = rows[0].index(column)
    write_rows(folder, file, [r[:index] + r[index + 1 :] for r in rows])


def load(folder: Path) -> Programme:
    return load_programme(folder, NO_DATA_DIR)


def load_errors(folder: Path) -> list[LoadError]:
    with pytest.raises(InvalidInstanceError) as info:
        load(folder)
    return info.value.errors


def assert_same_programme(a: Programme, b: Programme) -> None:
    """Field-for-field equality (Programme itself compares by identity)."""
    for name in (
        "peers",
        "challenges",
        "seats",
        "unavailability",
        "conflicts",
        "placements",
        "settings",
    ):
        assert getattr(a, name) == getattr(b, name), name
    assert a.councils.by_code == b.councils.by_code
    assert a.councils.neighbour_pairs == b.councils.neighbour_pairs
