"""Solve runs in the store: lifecycle, results, interruption, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import numpy as np
import pytest
from sqlalchemy.dialects import sqlite

from matcher.councils import CouncilRegistry
from matcher.models import Assignment, UnfilledSeat
from matcher.programme import Programme
from matcher.store import (
    ProgrammeNotFound,
    RunKind,
    RunNotFound,
    RunStateError,
    RunStatus,
    Store,
    testing,
)
from matcher.store.coltypes import UTCDateTime, jsonable

store_url = testing.store_url
store = testing.store

ASSIGNMENTS = [
    Assignment(
        challenge_id="CH2",
        seat_id="lead",
        peer_id="P9",
        start_date=date(2024, 6, 3),
        end_date=date(2024, 6, 6),
        reasons="H1:leader;H7:lab",
        points=40,
    ),
    Assignment(
        challenge_id="CH1",
        seat_id="money",
        peer_id="P1",
        start_date=date(2024, 6, 10),
        end_date=date(2024, 6, 11),
    ),
]
UNFILLED = [
    UnfilledSeat(
        challenge_id="CH2",
        seat_id="member",
        blocking="H4:4;H5:3;H3:2",
        message="No eligible Labour member peer is available in week 23.",
    ),
]


@pytest.fixture
def programme_id(store: Store) -> int:
    return store.save_programme(Programme(CouncilRegistry([], []), (), ()), "empty")


def is_utc(moment: datetime | None) -> bool:
    return moment is not None and moment.tzinfo is not None and moment.utcoffset().seconds == 0


def test_run_lifecycle(store, programme_id):
    before = datetime.now(UTC)
    run_id = store.create_run(programme_id, RunKind.BATCH, {"time_limit_s": 5, "seed": 1})
    run = store.get_run(run_id)
    assert (run.status, run.kind, run.params) == ("queued", "batch", {"time_limit_s": 5, "seed": 1})
    assert is_utc(run.created_at) and run.created_at >= before.replace(microsecond=0)
    assert run.started_at is None and run.finished_at is None

    store.set_run_status(run_id, RunStatus.RUNNING, progress={"objective": 900})
    started = store.get_run(run_id).started_at
    assert is_utc(started)
    store.set_run_status(run_id, "running", progress={"objective": 800, "bound": 700})
    run = store.get_run(run_id)
    assert run.progress == {"objective": 800, "bound": 700}  # replaced, not merged
    assert run.started_at == started  # the first start is kept

    store.save_run_result(run_id, ASSIGNMENTS, UNFILLED, {"status": "optimal"})
    run = store.get_run(run_id)
    assert run.status is RunStatus.DONE and run.summary == {"status": "optimal"}
    assert is_utc(run.finished_at) and run.finished_at >= run.started_at


def test_a_finished_run_cannot_change(store, programme_id):
    run_id = store.create_run(programme_id, "shortlist", {})
    store.save_run_result(run_id, [], [], {"status": "feasible"})
    with pytest.raises(RunStateError, match="already done"):
        store.set_run_status(run_id, "running")
    with pytest.raises(RunStateError):
        store.save_run_result(run_id, ASSIGNMENTS, [], {})
    assert store.run_assignments(run_id) == []


def test_a_late_result_does_not_overwrite_a_cancellation(store, programme_id):
    run_id = store.create_run(programme_id, "whatif", {"officer_cap_days": 25})
    store.set_run_status(run_id, "running")
    store.set_run_status(run_id, RunStatus.CANCELLED, error="cancelled by a manager")
    with pytest.raises(RunStateError, match="already cancelled"):
        store.save_run_result(run_id, ASSIGNMENTS, UNFILLED, {"status": "optimal"})
    run = store.get_run(run_id)
    assert (run.status, run.error, run.summary) == ("cancelled", "cancelled by a manager", None)
    assert is_utc(run.finished_at)
    assert store.run_assignments(run_id) == [] and store.run_unfilled(run_id) == []


def test_bad_requests_are_refused(store, programme_id):
    with pytest.raises(ProgrammeNotFound):
        store.create_run(programme_id + 1, "batch", {})
    with pytest.raises(ValueError):
        store.create_run(programme_id, "nightly", {})
    run_id = store.create_run(programme_id, "batch", {})
    with pytest.raises(ValueError, match="save_run_result"):
        store.set_run_status(run_id, RunStatus.DONE)
    with pytest.raises(ValueError):
        store.set_run_status(run_id, "paused")
    for call in (store.get_run, store.run_assignments, store.run_unfilled):
        with pytest.raises(RunNotFound):
            call("no-such-run")
    with pytest.raises(RunNotFound):
        store.set_run_status("no-such-run", "running")


def test_result_round_trip(store, programme_id):
    run_id = store.create_run(programme_id, "batch", {"weights": {"S3": np.int64(2)}})
    summary = {
        "status": "optimal",
        "objective": np.int64(1234),
        "gap": float("nan"),
        "solve_seconds": np.float64(1.5),
        "utilisation": {"P1": 0.25},
        "codes": {"H4", "H1"},
    }
    store.save_run_result(run_id, ASSIGNMENTS, UNFILLED, summary)
    assert store.run_assignments(run_id) == ASSIGNMENTS
    assert store.run_unfilled(run_id) == UNFILLED
    run = store.get_run(run_id)
    assert run.params == {"weights": {"S3": 2}}
    assert run.summary == {
        "status": "optimal",
        "objective": 1234,
        "gap": None,
        "solve_seconds": 1.5,
        "utilisation": {"P1": 0.25},
        "codes": ["H1", "H4"],
    }


def test_a_failed_result_save_keeps_the_run_running(store, programme_id):
    class Broken:
        def model_dump(self):
            raise RuntimeError("unserialisable row")

    run_id = store.create_run(programme_id, "batch", {})
    store.set_run_status(run_id, "running")
    with pytest.raises(RuntimeError, match="unserialisable"):
        store.save_run_result(run_id, ASSIGNMENTS, [Broken()], {"status": "optimal"})
    run = store.get_run(run_id)
    assert (run.status, run.summary, run.finished_at) == ("running", None, None)
    assert store.run_assignments(run_id) == []


def test_list_runs_in_creation_order_and_by_programme(store, programme_id):
    other = store.save_programme(Programme(CouncilRegistry([], []), (), ()), "other")
    first = store.create_run(programme_id, "batch", {})
    second = store.create_run(other, "shortlist", {})
    third = store.create_run(programme_id, "whatif", {})
    assert [r.run_id for r in store.list_runs()] == [first, second, third]
    assert [r.run_id for r in store.list_runs(programme_id)] == [first, third]
    assert store.list_runs(other + 1) == []


def test_fail_interrupted_runs(store, programme_id):
    queued = store.create_run(programme_id, "batch", {})
    running = store.create_run(programme_id, "batch", {})
    store.set_run_status(running, "running", progress={"objective": 5})
    done = store.create_run(programme_id, "batch", {})
    store.save_run_result(done, [], [], {"status": "optimal"})
    cancelled = store.create_run(programme_id, "batch", {})
    store.set_run_status(cancelled, "cancelled")

    assert store.fail_interrupted_runs() == sorted([queued, running])
    for run_id in (queued, running):
        run = store.get_run(run_id)
        assert run.status is RunStatus.FAILED and "interrupted" in run.error
        assert is_utc(run.finished_at)
    assert store.get_run(running).progress == {"objective": 5}
    assert store.get_run(done).status is RunStatus.DONE
    assert store.get_run(cancelled).status is RunStatus.CANCELLED
    assert store.fail_interrupted_runs("again") == []


def test_one_store_serves_many_threads(store, programme_id):
    """The API shares one Store between threads while workers report progress."""
    run_ids = [store.create_run(programme_id, "batch", {"n": n}) for n in range(6)]

    def work(run_id: str) -> str:
        for step in range(15):
            store.set_run_status(run_id, "running", progress={"step": step})
            assert store.get_run(run_id).progress == {"step": step}
        store.save_run_result(run_id, ASSIGNMENTS, [], {"status": "optimal"})
        return store.get_run(run_id).status

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert set(pool.map(work, run_ids)) == {RunStatus.DONE}
    assert all(store.run_assignments(run_id) == ASSIGNMENTS for run_id in run_ids)


def test_naive_datetimes_and_unknown_json_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        UTCDateTime().process_bind_param(datetime(2024, 1, 1), sqlite.dialect())
    with pytest.raises(TypeError, match="cannot store a object"):
        jsonable({"x": object()})
    assert jsonable({1: (date(2024, 4, 1), float("inf"), RunKind.BATCH)}) == {
        "1": ["2024-04-01", None, "batch"]
    }
