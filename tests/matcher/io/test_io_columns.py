"""Bad files never pass silently: typos in headers, stray columns, wrong separators, wrong paths."""

from __future__ import annotations

import pytest
from folder_edits import NO_DATA_DIR, load_errors, read_rows, tiny_copy, write_rows
from typer.testing import CliRunner

from cli.main import app
from matcher.io import InvalidInstanceError, LoadError, load_programme, save_programme
from matcher.io.columns import close_known_column


def _rename_column(folder, file, old, new):
    rows = read_rows(folder, file)
    rows[0][rows[0].index(old)] = new
    write_rows(folder, file, rows)


@pytest.mark.parametrize(
    ("file", "known", "typo"),
    [
        ("peers.csv", "days_used", "days_usd"),
        ("peers.csv", "training_waived", "training_waive"),
        ("peers.csv", "days_used", "Days_Used"),
        ("challenges.csv", "min_women", "min_woman"),
    ],
)
def test_a_misspelt_known_column_is_an_error_naming_it(tmp_path, file, known, typo):
    folder = tiny_copy(tmp_path)
    _rename_column(folder, file, known, typo)
    errors = load_errors(folder)
    hits = [e for e in errors if e.column == typo]
    assert hits and f"did you mean '{known}'?" in hits[0].message
    assert "docs/format.md" in hits[0].message


def test_other_unknown_columns_are_warnings_and_the_load_succeeds(tmp_path):
    folder = tiny_copy(tmp_path)
    rows = read_rows(folder, "peers.csv")
    assert "crm_notes" in rows[0]  # the tiny folder carries one stray column already
    write_rows(folder, "peers.csv", [rows[0] + ["notes2"]] + [r + ["x"] for r in rows[1:]])
    warnings: list[LoadError] = []
    programme = load_programme(folder, NO_DATA_DIR, warnings)
    assert programme.peers
    assert [(w.file, w.column) for w in warnings] == [
        ("peers.csv", "crm_notes"),
        ("peers.csv", "notes2"),
    ]


def test_check_reports_the_typo_and_the_warning(tmp_path):
    folder = tiny_copy(tmp_path)
    _rename_column(folder, "peers.csv", "days_used", "days_usd")
    result = CliRunner().invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    assert "did you mean 'days_used'?" in result.output and "docs/format.md" in result.output


def test_check_prints_warnings_for_a_valid_folder(tmp_path):
    folder = tiny_copy(tmp_path)
    rows = read_rows(folder, "challenges.csv")
    write_rows(folder, "challenges.csv", [rows[0] + ["owner"]] + [r + ["A"] for r in rows[1:]])
    result = CliRunner().invoke(app, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    assert "2 warnings" in result.output
    assert "challenges.csv row 1, column owner: unknown column, ignored" in result.output


def test_a_missing_sheet_lists_the_sheets_found(tmp_path):
    book = tmp_path / "programme.xlsx"
    programme = load_programme(tiny_copy(tmp_path), NO_DATA_DIR)
    save_programme(programme, book, include_councils=True)
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    workbook["peers"].title = "Peers list"
    workbook.save(book)
    with pytest.raises(InvalidInstanceError) as info:
        load_programme(book, NO_DATA_DIR)
    missing = [e for e in info.value.errors if "missing peers" in e.message]
    assert missing and "sheets found:" in missing[0].message
    assert "Peers list" in missing[0].message


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_csv_with_another_separator_gets_that_hint(tmp_path, separator, word):
    folder = tiny_copy(tmp_path)
    rows = read_rows(folder, "peers.csv")
    text = "\n".join(separator.join(row) for row in rows) + "\n"
    (folder / "peers.csv").write_text(text, encoding="utf-8")
    errors = load_errors(folder)
    assert any(e.file == "peers.csv" and f"separated by {word}" in e.message for e in errors)


def test_a_path_to_one_csv_file_asks_for_the_folder(tmp_path):
    folder = tiny_copy(tmp_path)
    with pytest.raises(InvalidInstanceError) as info:
        load_programme(folder / "peers.csv", NO_DATA_DIR)
    assert "give the folder" in str(info.value) and str(folder) in str(info.value)


def test_every_load_error_report_cites_the_format_reference(tmp_path):
    with pytest.raises(InvalidInstanceError) as info:
        load_programme(tmp_path / "nowhere", NO_DATA_DIR)
    assert "docs/format.md" in str(info.value)


def test_close_known_column_ignores_far_names():
    assert close_known_column("days_usd", ["days_used", "cap_days"]) == "days_used"
    assert close_known_column("notes", ["days_used", "cap_days"]) is None
