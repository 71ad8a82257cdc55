"""Nothing overwritten by surprise, and one store (the user data directory) that `runs` lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from folder_edits import NO_DATA_DIR, load, tiny_copy
from typer.testing import CliRunner

from cli.main import app
from matcher.io import read_assignments
from matcher.settings import AppSettings
from matcher.store import Store

runner = CliRunner()


def _occupied(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.csv").write_text("kept\n", encoding="utf-8")
    return out


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "--size", "S"],
        ["solve", "{folder}", "--no-store", "--data-dir", str(NO_DATA_DIR)],
        ["report", "{folder}", "--data-dir", str(NO_DATA_DIR)],
        ["shortlist", "{folder}", "--challenge", "C1", "--data-dir", str(NO_DATA_DIR)],
    ],
)
def test_out_into_a_non_empty_folder_is_refused_without_force(tmp_path, argv) -> None:
    folder, out = tiny_copy(tmp_path), _occupied(tmp_path)
    argv = [a.format(folder=folder) for a in argv] + ["--out", str(out)]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2 and "not empty" in result.output and "--force" in result.output
    assert [p.name for p in out.iterdir()] == ["earlier.csv"]


def test_force_writes_into_the_folder(tmp_path) -> None:
    folder, out = tiny_copy(tmp_path), _occupied(tmp_path)
    argv = ["report", str(folder), "--out", str(out), "--data-dir", str(NO_DATA_DIR), "--force"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) > 1


def test_the_store_defaults_to_the_user_data_directory(monkeypatch) -> None:
    monkeypatch.delenv("PEERMATCH_HOME", raising=False)
    home = AppSettings().home
    assert home.name == "peermatch" and home.is_absolute()
    assert Path.cwd() not in home.parents  # not a .peermatch/ under the working folder


def test_tests_never_use_the_real_home() -> None:
    assert "peermatch-home" in str(AppSettings().home)  # set by tests/conftest.py


def test_runs_lists_the_store_and_its_runs(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PEERMATCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PEERMATCH_DB_URL", raising=False)
    empty = runner.invoke(app, ["runs"])
    assert empty.exit_code == 0 and "no runs stored yet" in empty.output
    assert str(tmp_path / "home") in empty.output
    plan = tmp_path / "plan.csv"
    plan.write_text("challenge_id,seat_id,peer_id,start_date,end_date,reasons,points\n")
    with Store.from_settings(AppSettings()) as store:
        run_id = store.create_run(store.save_programme(load(tiny_copy(tmp_path)), "tiny"), "batch")
        store.save_run_result(
            run_id, read_assignments(plan), [], {"counts": {"seats": 8, "filled": 7}}
        )
    listed = runner.invoke(app, ["runs"])
    assert listed.exit_code == 0
    line = next(line for line in listed.output.splitlines() if run_id in line)
    assert "batch done: tiny, 7 of 8 seats filled" in line
