"""`peermatch check`: exit 0 with a summary for a valid folder, 1 with every error otherwise,
and with --assignments the independent validator's verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
from folder_edits import set_cell, tiny_copy
from typer.testing import CliRunner

from cli.main import app
from matcher.settings import AppSettings

runner = CliRunner()
HEADER = "challenge_id,seat_id,peer_id,start_date,end_date,reasons,points\n"


def _check(*args: str):
    return runner.invoke(app, ["check", *map(str, args)], env={"COLUMNS": "200"})


def test_a_valid_folder_prints_a_summary_and_exits_0(tmp_path: Path) -> None:
    result = _check(tiny_copy(tmp_path))
    assert result.exit_code == 0, result.output
    assert "valid programme" in result.output
    assert "2024/25" in result.output  # the financial year
    for text in ("liberal_democrat", "progress_review", "2025-01", "confirmed"):
        assert text in result.output


def test_errors_are_listed_in_a_table_and_exit_1(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    set_cell(folder, "peers.csv", 2, "home_council", "E99")
    set_cell(folder, "challenges.csv", 3, "type", "audit")
    result = _check(folder)
    assert result.exit_code == 1
    assert "2 errors" in result.output
    for text in ("peers.csv", "home_council", "E99", "challenges.csv", "audit"):
        assert text in result.output
    assert "valid programme" not in result.output


def test_data_dir_option_picks_the_reference_councils(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    for name in ("councils.csv", "council_neighbours.csv"):
        (folder / name).unlink()  # now the tiny codes must come from --data-dir
    assert _check(folder, "--data-dir", tmp_path / "nowhere").exit_code == 1
    real = _check(folder, "--data-dir", AppSettings().data_dir)
    assert real.exit_code == 1 and "unknown council code" in real.output  # tiny codes


def test_valid_assignments_exit_0(tmp_path: Path) -> None:
    pytest.importorskip("matcher.validation")
    answer = tmp_path / "answer.csv"
    answer.write_text(HEADER + "C1,lead_officer,P4,2024-06-10,2024-06-13,,0\n", encoding="utf-8")
    result = _check(tiny_copy(tmp_path), "--assignments", answer)
    assert result.exit_code == 0, result.output
    assert "no hard rule broken" in result.output
    assert "soft points" in result.output


def test_assignments_breaking_a_hard_rule_exit_1(tmp_path: Path) -> None:
    pytest.importorskip("matcher.validation")
    answer = tmp_path / "answer.csv"
    # P7 is a lead officer but no chief executive (H1), and the confirmed P4 is missing
    answer.write_text(HEADER + "C1,lead_officer,P7,2024-06-10,2024-06-13,,0\n", encoding="utf-8")
    result = _check(tiny_copy(tmp_path), "--assignments", answer)
    assert result.exit_code == 1
    assert "H1" in result.output and "P7" in result.output


def test_a_malformed_assignments_file_exits_1(tmp_path: Path) -> None:
    answer = tmp_path / "answer.csv"
    answer.write_text(HEADER + "C1,lead_officer,P4,10/06/2024,2024-06-13,,0\n", encoding="utf-8")
    result = _check(tiny_copy(tmp_path), "--assignments", answer)
    assert result.exit_code == 1
    assert "start_date" in result.output and "malformed date" in result.output
