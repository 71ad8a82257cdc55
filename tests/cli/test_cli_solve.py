"""`peermatch solve`: result files in FORMAT.md's columns that re-validate clean, the run in
the store, exit 1 with the error table on bad input, exit 2 (and a summary) without a plan.

Every test points PEERMATCH_HOME and PEERMATCH_DB_URL at tmp_path, so nothing is written
into the checkout, and solves tiny programmes with a short --time-limit.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from factories import make_challenge, make_peer, make_programme, make_seat, staffed_cpc
from folder_edits import NO_DATA_DIR, set_cell, tiny_copy
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.main import app
from matcher.batch.job import InternalError
from matcher.io import load_programme, read_assignments, save_programme
from matcher.store import RunKind, RunStateError, RunStatus, Store
from matcher.validation import validate

runner = CliRunner()
ASSIGNMENT_COLUMNS = [
    "challenge_id",
    "seat_id",
    "peer_id",
    "start_date",
    "end_date",
    "reasons",
    "points",
]
UNFILLED_COLUMNS = ["challenge_id", "seat_id", "blocking", "message"]
UTILISATION_COLUMNS = [
    "peer_id",
    "kind",
    "group_office",
    "seats",
    "days_used_before",
    "days_added",
    "cap_days",
    "days_left",
]
SUMMARY_KEYS = {
    "status",
    "objective",
    "best_bound",
    "gap",
    "solve_seconds",
    "counts",
    "cost_estimate_gbp",
    "utilisation_by_peer",
    "utilisation_by_group_office",
}
EQUALITIES_WORDS = ("gender", "female", "ethnic", "disab")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "PEERMATCH_HOME": str(tmp_path / "home"),
        "PEERMATCH_DB_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "COLUMNS": "200",
    }


def _store(env: dict[str, str]) -> Store:
    return Store.open(env["PEERMATCH_DB_URL"])


def _solve(env: dict[str, str], folder: Path, out: Path, *args: str):
    argv = ["solve", str(folder), "--out", str(out), "--data-dir", str(NO_DATA_DIR), *args]
    return runner.invoke(app, argv, env=env)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The staffable five-seat CPC plus a governance seat nobody can fill (partial allowed):
    its only monitoring officer, O4, works for the client council L1 (H5)."""
    base, _ = staffed_cpc()
    lawyer = make_peer("O4", "officer", home_council="L1", tags=frozenset({"monitoring_officer"}))
    governance = make_challenge(
        "CH2", council="L1", type="governance", earliest_start=date(2024, 7, 1)
    )
    seat = make_seat("S1", "CH2", "officer", required_tags=frozenset({"monitoring_officer"}))
    programme = make_programme(
        peers=[*base.peers, lawyer],
        challenges=[*base.challenges, governance],
        seats=[seat],
        settings={"allow_partial": True, "time_limit_s": 3},
    )
    return save_programme(programme, tmp_path / "programme", include_councils=True)


@pytest.fixture
def solved(env, folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = _solve(env, folder, out, "--time-limit", "5", "--seed", "3")
    assert result.exit_code == 0, result.output
    return result, out


def test_solve_writes_every_file_with_the_format_columns(solved) -> None:
    _, out = solved
    assert _header(out / "assignments.csv") == ASSIGNMENT_COLUMNS
    assert _header(out / "unfilled.csv") == UNFILLED_COLUMNS
    assert _header(out / "utilisation.csv") == UTILISATION_COLUMNS
    assert {(r["challenge_id"], r["seat_id"]) for r in _rows(out / "assignments.csv")} == {
        ("CH1", s)
        for s in ("lead_member", "member", "lead_officer", "officer_finance", "officer_scope")
    }
    [unfilled] = _rows(out / "unfilled.csv")
    assert (unfilled["challenge_id"], unfilled["seat_id"]) == ("CH2", "S1")
    assert "H5" in unfilled["blocking"] and unfilled["message"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert SUMMARY_KEYS <= summary.keys()
    assert summary["status"] in ("optimal", "feasible")
    assert summary["counts"]["filled"] == 5 and summary["counts"]["unfilled"] == 1
    assert summary["cost_estimate_gbp"] > 0
    assert summary["utilisation_by_peer"]["member"]["days_added"] == 2 * 7  # two members


def test_utilisation_adds_charged_days_to_each_peer_used(solved) -> None:
    _, out = solved
    rows = {r["peer_id"]: r for r in _rows(out / "utilisation.csv")}
    assert set(rows) == {"P1", "P2", "O1", "O2", "O3", "O4"}  # the whole pool
    assert (rows.pop("O4")["days_added"], rows["O1"]["cap_days"]) == ("0", "30")
    for row in rows.values():  # each sits once on the 7-day CPC, no days used before
        assert (row["days_used_before"], row["days_added"]) == ("0", "7")
        assert int(row["days_left"]) == int(row["cap_days"]) - 7
    assert rows["P2"]["group_office"] == "conservative" and rows["O1"]["group_office"] == ""


def test_no_equalities_data_in_the_summary_or_utilisation(solved) -> None:
    _, out = solved
    for name in ("summary.json", "utilisation.csv"):
        text = (out / name).read_text(encoding="utf-8").lower()
        assert not [w for w in EQUALITIES_WORDS if w in text], name


def test_the_workbook_is_for_people(solved) -> None:
    _, out = solved
    book = load_workbook(out / "peermatch.xlsx")
    assert book.sheetnames == ["About", "Summary", "Teams", "Unfilled", "Utilisation"]
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Run"] and about["What this is"].startswith("A peermatch plan")
    teams = book["Teams"]
    assert teams.freeze_panes == "A2" and teams.auto_filter.ref.startswith("A1:")
    assert teams.column_dimensions["A"].width >= 8
    rows = list(teams.iter_rows(values_only=True))
    header, body = list(rows[0]), rows[1:]
    assert len(body) == 6  # one row per seat, filled or not
    column = {name: [r[header.index(name)] for r in body] for name in header}
    seats = zip(column["challenge_id"], column["seat_id"], strict=True)
    status = dict(zip(seats, column["status"], strict=True))
    assert status.pop(("CH2", "S1")) == "unfilled"
    assert set(status.values()) == {"filled"}
    assert "P1 Synthetic" in column["peer_name"] and "Rivertown" in column["council_name"]
    assert all(isinstance(d, datetime) for d in column["start_date"] if d is not None)
    assert set(column["shadow"]) <= {"Yes", "No"} and set(column["paid_basis"]) == {"No"}
    filled = [i for i, s in enumerate(column["status"]) if s == "filled"]
    assert all(column["why"][i].endswith(".") and "H1" in column["rules"][i] for i in filled)
    summary = [r[0] for r in book["Summary"].iter_rows(min_row=2, values_only=True)]
    assert (
        summary[0] == "5 of 6 seats filled across 2 challenges; 1 could not be filled "
        "(the unfilled table says which rules block each one)."
    )
    text = " ".join(str(c) for r in book["Summary"].iter_rows(values_only=True) for c in r)
    for internal in ("objective", "best_bound", "model_items", "counts.", "greedy"):
        assert internal not in text


def test_assignments_read_back_revalidate_clean(solved, folder: Path) -> None:
    _, out = solved
    assignments = read_assignments(out / "assignments.csv")
    report = validate(load_programme(folder, NO_DATA_DIR), assignments)
    assert report.ok, report.summary()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # The validator recomputes the solver's objective from the file alone.
    assert report.score.total == summary["objective"]


def test_the_run_is_stored_done_with_its_assignments(solved, env) -> None:
    result, out = solved
    with _store(env) as store:
        [run] = store.list_runs()
        assert run.kind is RunKind.BATCH and run.status is RunStatus.DONE
        assert run.params["time_limit_s"] == 5 and run.params["seed"] == 3
        assert run.started_at is not None and run.finished_at is not None
        assert len(store.run_assignments(run.run_id)) == len(_rows(out / "assignments.csv"))
        assert len(store.run_unfilled(run.run_id)) == 1
        assert run.summary == json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert run.run_id in result.output


def test_the_summary_is_printed_in_words_without_control_characters(solved) -> None:
    result, out = solved
    for text in (
        "5 of 6 seats filled across 2 challenges; 1 could not be filled",
        "Estimated expenses £",
        "peers take part:",
        str(out),
    ):
        assert text in result.output
    for internal in ("objective", "best bound", "best_bound", "model_items"):
        assert internal not in result.output
    # Not a terminal: plain lines, no cursor movement or colour codes for CI logs.
    assert "\x1b" not in result.output and "\r" not in result.output


def test_time_limit_defaults_to_the_programme_setting(env, folder: Path, tmp_path: Path) -> None:
    assert _solve(env, folder, tmp_path / "out").exit_code == 0
    with _store(env) as store:
        [run] = store.list_runs()
    assert run.params["time_limit_s"] == 3  # settings.time_limit_s of the folder


def test_no_store_leaves_no_database(env, folder: Path, tmp_path: Path) -> None:
    result = _solve(env, folder, tmp_path / "out", "--time-limit", "5", "--no-store")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "assignments.csv").is_file()
    assert not (tmp_path / "store.db").exists()
    assert "not stored" in result.output


def test_bad_input_exits_1_with_the_error_table(env, tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    set_cell(folder, "peers.csv", 2, "home_council", "E99")
    set_cell(folder, "challenges.csv", 3, "type", "audit")
    result = _solve(env, folder, tmp_path / "out")
    assert result.exit_code == 1
    assert "2 errors" in result.output
    for text in ("peers.csv", "home_council", "E99", "challenges.csv", "audit"):
        assert text in result.output
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "store.db").exists()  # nothing to record


def test_no_plan_exits_2_and_still_writes_the_summary(env, tmp_path: Path) -> None:
    # The only peer works for the client council (H5) and partial teams are not allowed.
    programme = make_programme(
        peers=[make_peer(home_council="U1")], seats=[make_seat()], settings={"allow_partial": False}
    )
    folder = save_programme(programme, tmp_path / "programme", include_councils=True)
    result = _solve(env, folder, tmp_path / "out", "--time-limit", "5")
    assert result.exit_code == 2, result.output
    assert "infeasible" in result.output and "No plan" in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "infeasible" and summary["objective"] is None
    assert _rows(tmp_path / "out" / "assignments.csv") == []
    with _store(env) as store:
        [run] = store.list_runs()
    assert run.status is RunStatus.DONE and run.summary["status"] == "infeasible"


def test_a_plan_failing_the_validator_marks_the_run_failed(
    env, folder: Path, tmp_path: Path, monkeypatch
) -> None:
    def broken(*_args, **_kwargs):
        raise InternalError("objective mismatch: solver 1, validator 2")

    monkeypatch.setattr("matcher.batch.recorded.run_batch", broken)
    result = _solve(env, folder, tmp_path / "out", "--time-limit", "5")
    assert result.exit_code == 3  # a message and an exit code, not a traceback
    assert "internal error, not an answer: objective mismatch" in result.output
    with _store(env) as store:
        [run] = store.list_runs()
    assert run.status is RunStatus.FAILED
    assert "InternalError: objective mismatch" in run.error
    assert not (tmp_path / "out").exists()


def test_any_other_crash_marks_the_run_failed_and_propagates(
    env, folder: Path, tmp_path: Path, monkeypatch
) -> None:
    def broken(*_args, **_kwargs):
        raise KeyError("bug")

    monkeypatch.setattr("cli.solve.write_results", broken)
    result = _solve(env, folder, tmp_path / "out", "--time-limit", "5")
    assert isinstance(result.exception, KeyError)
    with _store(env) as store:
        [run] = store.list_runs()
    assert run.status is RunStatus.FAILED and run.error == "KeyError: 'bug'"


def test_a_run_cancelled_from_the_service_ends_in_words(
    env, folder: Path, tmp_path: Path, monkeypatch
) -> None:
    from matcher.batch import recorded

    def cancelled(self, *_args, **_kwargs):
        self.store.set_run_status(self.run_id, RunStatus.CANCELLED)
        raise RunStateError(f"run {self.run_id} is already cancelled")

    monkeypatch.setattr(recorded.RunRecorder, "save", cancelled)
    result = _solve(env, folder, tmp_path / "out", "--time-limit", "5")
    assert result.exit_code == 2 and "the run was not saved" in result.output
    with _store(env) as store:
        [run] = store.list_runs()
    assert run.status is RunStatus.CANCELLED
