"""Every command given a run, plan or folder that does not match answers in one line, exit 2.

"Does not match": a path that does not exist, a plan or stored run of another programme
(same ids, other seats: the old KeyError ('C1', 'mentor')), a run id the store lacks.
The test fails on any exception other than the CLI's own exit, so no traceback can reach
a user for these inputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from folder_edits import NO_DATA_DIR, tiny_copy
from typer.testing import CliRunner

from cli.main import app
from matcher.io import load_programme, read_assignments
from matcher.store import Store

runner = CliRunner()
FOREIGN_PLAN = (
    "challenge_id,seat_id,peer_id,start_date,end_date,reasons,points\n"
    "C1,mentor,P1,2024-06-10,2024-06-13,,0\n"
)


@pytest.fixture
def setup(tmp_path: Path):
    env = {
        "PEERMATCH_HOME": str(tmp_path / "home"),
        "PEERMATCH_DB_URL": f"sqlite:///{tmp_path / 'store.db'}",
    }
    folder = tiny_copy(tmp_path)
    plan = tmp_path / "other-plan.csv"
    plan.write_text(FOREIGN_PLAN, encoding="utf-8")
    return env, folder, plan, tmp_path / "does-not-exist"


def _assert_one_line_exit_2(result) -> None:
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def _cases(folder: Path, plan: Path, missing: Path, out: Path) -> list[list[str]]:
    data = ["--data-dir", str(NO_DATA_DIR)]
    common = ["--challenge", "C1", *data]
    return [
        ["check", str(missing)],
        ["check", str(folder / "peers.csv")],  # one file of the folder: "give the folder"
        ["check", str(folder), "--assignments", str(plan), *data],
        ["check", str(folder), "--assignments", str(missing), *data],
        ["solve", str(missing), "--out", str(out), "--no-store"],
        ["shortlist", str(missing), *common],
        ["report", str(folder / "peers.csv"), "--out", str(out)],
        ["shortlist", str(folder), "--assignments", str(plan), *common],
        ["why", str(folder), "--seat", "S1", "--peer", "P1", "--assignments", str(plan), *common],
        ["replace", str(folder), "--peer", "P1", "--assignments", str(plan), *common],
        ["whatif", str(missing), "--out", str(out)],
        ["report", str(missing), "--out", str(out)],
        ["report", str(folder), "--out", str(out), "--assignments", str(plan), *data],
        ["report", str(folder), "--out", str(out), "--assignments", str(missing), *data],
        ["report", str(folder), "--out", str(out), "--run", "no-such-run", *data],
    ]


def test_every_command_answers_a_mismatch_in_one_line_with_exit_2(setup, tmp_path) -> None:
    env, folder, plan, missing = setup
    for argv in _cases(folder, plan, missing, tmp_path / "out"):
        result = runner.invoke(app, argv, env=env)
        try:
            _assert_one_line_exit_2(result)
        except AssertionError as failure:
            raise AssertionError(f"peermatch {' '.join(argv)}: {failure}") from None


def test_report_on_a_stored_run_of_another_programme(setup, tmp_path) -> None:
    env, folder, _, _ = setup
    other = load_programme(folder, NO_DATA_DIR)  # stored as "another" programme
    [plan] = read_assignments_text(tmp_path, FOREIGN_PLAN)
    with Store.open(env["PEERMATCH_DB_URL"]) as store:
        run_id = store.create_run(store.save_programme(other, "other"), "batch", {})
        store.save_run_result(run_id, [plan], [], {"status": "feasible"})
    argv = ["report", str(folder), "--out", str(tmp_path / "usage"), "--run", run_id]
    result = runner.invoke(app, [*argv, "--data-dir", str(NO_DATA_DIR)], env=env)
    _assert_one_line_exit_2(result)
    assert "does not belong to this programme" in result.output


def read_assignments_text(folder: Path, text: str):
    path = folder / "plan-rows.csv"
    path.write_text(text, encoding="utf-8")
    return read_assignments(path)
