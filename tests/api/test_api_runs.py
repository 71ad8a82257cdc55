"""Runs: 202 + job id, live progress, results, exports, server-sent events, cancel,
capacity (429 + Retry-After), resubmit, and the error codes around them."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from service_helpers import make_keys, make_settings, solve, upload, wait_run

from api.app import create_app
from matcher.io.schema import ASSIGNMENTS, UNFILLED


@pytest.fixture
def done(client, keys, small_id) -> dict:
    run = solve(client, small_id, keys["manager"], time_limit_s=20, seed=3)
    assert run["status"] == "done", run
    return run


def test_a_run_is_accepted_with_a_job_id_and_solved(client, keys, small_id):
    answer = client.post(
        f"/programmes/{small_id}/runs", json={"time_limit_s": 20}, headers=keys["manager"]
    )
    assert answer.status_code == 202
    run_id = answer.json()["run_id"]
    assert answer.headers["Location"] == f"/runs/{run_id}"
    run = wait_run(client, run_id, keys["viewer"])
    assert run["status"] == "done" and run["summary"]["status"] == "optimal"
    counts = run["summary"]["counts"]
    assert counts["filled"] == counts["seats"] > 0  # this sample fills every seat
    assert run["progress"]["objective"] == run["summary"]["objective"]
    assert run["params"]["time_limit_s"] == 20


def test_results_and_exports(client, keys, done):
    page = client.get(
        done["links"]["assignments"], params={"limit": 5}, headers=keys["manager"]
    ).json()
    seats = done["summary"]["counts"]["seats"]
    assert page["total"] == seats and len(page["items"]) == 5
    assert client.get(done["links"]["unfilled"], headers=keys["viewer"]).json()["total"] == 0
    table = client.get(done["links"]["csv"], headers=keys["manager"])
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(table.text)))
    assert rows[0] == ASSIGNMENTS.column_names and len(rows) == seats + 1
    unfilled = client.get(
        done["links"]["csv"], params={"table": "unfilled"}, headers=keys["manager"]
    )
    assert unfilled.text.splitlines()[0].split(",") == UNFILLED.column_names
    book = load_workbook(
        io.BytesIO(client.get(done["links"]["xlsx"], headers=keys["manager"]).content)
    )
    assert book.sheetnames == ["About", "Summary", "Teams", "Unfilled", "Utilisation"]
    summary = [r[0] for r in book["Summary"].iter_rows(min_row=2, values_only=True)]
    assert summary[0] == f"All {seats} seats filled across 6 challenges."
    assert book["Teams"].freeze_panes == "A2"


def test_who_reads_which_results(client, keys, done):
    for role in ("viewer",):
        assert client.get(done["links"]["assignments"], headers=keys[role]).status_code == 403
    for role in ("labour", "viewer"):
        assert client.get(done["links"]["csv"], headers=keys[role]).status_code == 403
        assert client.get(done["links"]["xlsx"], headers=keys[role]).status_code == 403
    # A group office sees only its own member peers' seats.
    mine = client.get(done["links"]["assignments"], headers=keys["labour"]).json()["items"]
    for row in mine:
        peer = client.get(
            f"/programmes/{done['programme_id']}/peers/{row['peer_id']}", headers=keys["manager"]
        ).json()
        assert peer["group_office"] == "labour"


def test_events_stream_ends_with_the_final_state(client, keys, done):
    with client.stream("GET", done["links"]["events"], headers=keys["viewer"]) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in stream.iter_lines() if line]
    assert lines[0] == "event: done"
    assert json.loads(lines[1].removeprefix("data: "))["status"] == "done"


def test_live_progress_as_events(client, keys, small_id):
    answer = client.post(
        f"/programmes/{small_id}/runs", json={"time_limit_s": 20}, headers=keys["manager"]
    )
    events = []
    with client.stream("GET", answer.json()["links"]["events"], headers=keys["manager"]) as stream:
        for line in stream.iter_lines():
            if line.startswith("event: "):
                events.append(line.removeprefix("event: "))
            elif line.startswith("data: ") and events[-1] == "progress":
                data = json.loads(line.removeprefix("data: "))
                assert data["status"] in ("queued", "running")
    assert events[0] == "progress" and events[-1] == "done"


def test_unknown_and_unfinished_runs(client, keys, small_id):
    assert client.get("/runs/nope", headers=keys["viewer"]).status_code == 404
    assert client.get("/runs/nope/events", headers=keys["viewer"]).status_code == 404
    assert client.delete("/runs/nope", headers=keys["manager"]).status_code == 404
    assert client.post("/programmes/999/runs", headers=keys["manager"]).status_code == 404
    bad = client.post(
        f"/programmes/{small_id}/runs", json={"time_limit_s": -1}, headers=keys["manager"]
    )
    assert bad.status_code == 422
    assert client.post(f"/programmes/{small_id}/runs", headers=keys["viewer"]).status_code == 403


def test_finished_runs_cannot_be_cancelled_and_can_be_resubmitted(client, keys, done):
    assert client.delete(done["links"]["self"], headers=keys["manager"]).status_code == 409
    again = client.post(f"/runs/{done['run_id']}/resubmit", headers=keys["manager"])
    assert again.status_code == 202
    rerun = wait_run(client, again.json()["run_id"], keys["manager"])
    assert rerun["params"]["seed"] == 3 and rerun["status"] == "done"
    listed = client.get("/runs", params={"status": "done"}, headers=keys["viewer"]).json()
    assert listed["total"] == 2 and listed["items"][0]["run_id"] == rerun["run_id"]


def test_capacity_cancel_and_busy_programme(tmp_path, data_zips):
    """One slot: a second run gets 429 + Retry-After; DELETE kills the worker at once."""
    with TestClient(create_app(make_settings(tmp_path / "home", max_jobs=1))) as client:
        keys = make_keys(client)
        pid = upload(client, data_zips["S"], keys["manager"])
        first = client.post(
            f"/programmes/{pid}/runs", json={"time_limit_s": 120}, headers=keys["manager"]
        ).json()
        busy = client.post(f"/programmes/{pid}/runs", headers=keys["manager"])
        assert busy.status_code == 429
        assert 1 <= int(busy.headers["Retry-After"]) <= 10
        assert busy.json()["retry_after_s"] == int(busy.headers["Retry-After"])
        running = wait_run(client, first["run_id"], keys["manager"], until=("running",))
        assert running["progress"]["elapsed_s"] >= 0
        assert client.delete(f"/programmes/{pid}", headers=keys["manager"]).status_code == 409
        cancelled = client.delete(f"/runs/{first['run_id']}", headers=keys["manager"])
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        assert "cancelled by" in cancelled.json()["error"]
        jobs = client.app.state.services.jobs
        deadline = time.monotonic() + 10
        while jobs.running and time.monotonic() < deadline:
            time.sleep(0.05)
        assert jobs.running == 0
        assert (
            client.get(f"/runs/{first['run_id']}/assignments", headers=keys["manager"]).status_code
            == 409
        )


WHATIF = {
    "title": "fewer days",
    "run": {"time_limit_s": 5, "analysis": False},
    "scenario": [{"name": "cap30", "change": [{"type": "day_cap", "kind": "member", "days": 30}]}],
}


def test_whatif_is_a_job_with_side_by_side_tables(client, keys, small_id):
    answer = client.post(f"/programmes/{small_id}/whatif", json=WHATIF, headers=keys["manager"])
    assert answer.status_code == 202, answer.text
    run = wait_run(client, answer.json()["run_id"], keys["viewer"])
    assert run["status"] == "done" and run["kind"] == "whatif", run["error"]
    assert [s["name"] for s in run["summary"]["scenarios"]] == ["base", "cap30"]
    assert [r["scenario"] for r in run["summary"]["tables"]["comparison"]] == ["base", "cap30"]
    assert "personal" not in run["summary"]
    manager = client.get(run["links"]["self"], headers=keys["manager"]).json()
    assert "cap_exceptions" in manager["summary"]["personal"]


def test_invalid_scenarios_are_refused_with_every_problem(client, keys, small_id):
    bad = {
        "scenario": [
            {"name": "x", "change": [{"type": "day_cap", "kind": "member"}]},
            {"name": "base"},
        ]
    }
    answer = client.post(f"/programmes/{small_id}/whatif", json=bad, headers=keys["manager"])
    assert answer.status_code == 422
    assert len(answer.json()["problems"]) >= 2
    assert client.get("/runs", headers=keys["manager"]).json()["total"] == 0
