"""Issue 15: the time limit bounds the whole job and progress runs on one clock."""

from __future__ import annotations

from dataclasses import replace

from factories import make_peer
from helpers_batch import PARAMS, programme

import matcher.batch.job as job
from matcher.models import PeerKind
from solver.solve import Progress, SolveStatus


def _two_peer_programme():
    return programme(
        [make_peer("X1", PeerKind.MEMBER), make_peer("X2", PeerKind.MEMBER, home_council="U3")]
    )


def test_the_search_gets_what_encoding_left_of_the_limit(monkeypatch):
    seen = []
    real_solve = job.solve

    def spy(problem, params, on_progress=None, warm_start=None):
        seen.append(params.time_limit_s)
        return real_solve(problem, params, on_progress, warm_start=warm_start)

    monkeypatch.setattr(job, "solve", spy)
    result = job.run_batch(_two_peer_programme(), replace(PARAMS, time_limit_s=7.0))
    assert result.status is SolveStatus.OPTIMAL
    assert len(seen) == 1 and 0 < seen[0] < 7.0
    assert result.timings["job_s"] <= 7.0 + 1.0


def test_progress_is_on_the_jobs_clock_with_the_constant_part():
    events: list[Progress] = []
    result = job.run_batch(_two_peer_programme(), PARAMS, on_progress=events.append)
    assert events, "the greedy start is reported before the search"
    first = events[0]
    assert first.bound == float("-inf") and first.controllable_gap is None
    assert all(e.constant == result.summary["objective_constant"] for e in events)
    assert [e.elapsed_s for e in events] == sorted(e.elapsed_s for e in events)
    assert events[-1].elapsed_s <= result.timings["job_s"]


def test_the_summary_states_the_constant_part_and_the_controllable_gap():
    """One seat, two candidates: the constant is the cheaper one, and the optimum pays
    exactly that, so the controllable gap is 0 (proven)."""
    result = job.run_batch(_two_peer_programme(), PARAMS)
    s = result.summary
    assert s["status"] == "optimal"
    assert s["objective_constant"] == s["objective"]
    assert s["controllable_gap"] == 0.0
