"""`peermatch demo`: the one-command tour, end to end on size S with a short time limit."""

from __future__ import annotations

import time
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from matcher.io import load_programme, read_assignments
from matcher.settings import AppSettings
from matcher.store import RunStatus, Store
from matcher.validation import validate


def test_demo_generates_solves_and_shows_the_teams(tmp_path: Path) -> None:
    env = {
        "PEERMATCH_HOME": str(tmp_path / "home"),
        "PEERMATCH_DB_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "COLUMNS": "200",
    }
    out = tmp_path / "demo"
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--time-limit", "5"], env=env)
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert elapsed < 30, f"demo took {elapsed:.1f} s with a 5 s limit"
    for name in ("peers.csv", "challenges.csv", "seats.csv"):
        assert (out / "programme" / name).is_file()
    for name in (
        "assignments.csv",
        "unfilled.csv",
        "utilisation.csv",
        "summary.json",
        "peermatch.xlsx",
    ):
        assert (out / "results" / name).is_file()
    for text in (
        "120 challenges and 600 synthetic peers",
        "filled",
        "first 3 teams",
        "C0001",
        "run id",
    ):
        assert text in result.output
    assert "Every seat is filled" in result.output or "unfilled seats" in result.output
    programme = load_programme(out / "programme", AppSettings().data_dir)
    assignments = read_assignments(out / "results" / "assignments.csv")
    assert len(assignments) > 300 and validate(programme, assignments).ok
    with Store.open(env["PEERMATCH_DB_URL"]) as store:
        [run] = store.list_runs()
    assert run.status is RunStatus.DONE and run.summary["counts"]["filled"] == len(assignments)


def test_a_second_demo_replaces_its_own_folder_but_no_other(tmp_path: Path) -> None:
    """The quick start may be run twice; a folder the demo did not write is never overwritten."""
    env = {"PEERMATCH_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    out = tmp_path / "demo"
    args = ["demo", "--out", str(out), "--time-limit", "1"]
    assert CliRunner().invoke(app, args, env=env).exit_code == 0
    again = CliRunner().invoke(app, args, env=env)
    assert again.exit_code == 0, again.output
    assert "replacing the earlier demo" in again.output
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    refused = CliRunner().invoke(app, ["demo", "--out", str(other)], env=env)
    assert refused.exit_code == 2 and "not empty" in refused.output
    assert (other / "notes.txt").read_text() == "keep me"
