"""The whole LP in a child process (solver.lp_process): the bound worker of problems too
large for the whole CP-SAT model. Its bound must be the in-process LP's, reach the shared
incumbent, and the child must end with the search; solve() must use it only above the
whole-model size and only when the time left covers the LP."""

from __future__ import annotations

import multiprocessing
import time
from functools import cache

import pytest

import solver.lp_process as lp_process
import solver.solve as solve_module
from matcher.councils import CouncilRegistry
from matcher.encoding.encode import encode
from matcher.generate import generate_programme
from matcher.settings import AppSettings
from solver.greedy import greedy
from solver.hybrid import Incumbent
from solver.lp_bound import lp_bound
from solver.lp_process import LpBoundProcess
from solver.problem import MatchingProblem
from solver.solve import SolveParams, solve


@cache
def _sample() -> MatchingProblem:
    councils = CouncilRegistry.from_data_dir(AppSettings().data_dir)
    problem = encode(generate_programme("S", 1, councils)).problem
    problem.hint_items = greedy(problem)
    return problem


def sample_problem() -> MatchingProblem:
    """The generated S year with its greedy plan as the warm start (shared, never changed:
    solve() works on a copy)."""
    return _sample()


def test_the_child_s_bound_is_the_whole_lp_and_reaches_the_incumbent():
    problem = sample_problem()
    shared, calls = Incumbent(), []
    worker = LpBoundProcess(problem, 60.0, shared, lambda: calls.append(shared.bound))
    worker.start()
    deadline = time.perf_counter() + 60
    while worker.is_alive() and time.perf_counter() < deadline:
        time.sleep(0.1)
    worker.stop()
    worker.join()
    expected = lp_bound(problem, 60.0, step_cuts=False)
    assert worker.bound == pytest.approx(expected)
    assert shared.bound == pytest.approx(expected) and calls == [shared.bound]
    assert worker.peak_mib is None or worker.peak_mib > 0


def test_stopping_ends_the_child_without_a_bound():
    problem = sample_problem()
    shared = Incumbent()
    worker = LpBoundProcess(problem, 60.0, shared, lambda: None)
    worker.start()
    worker.stop()  # at once: the child has not even imported the solver yet
    t0 = time.perf_counter()
    worker.join()
    assert time.perf_counter() - t0 < 10
    assert worker._process.poll() is not None
    assert shared.bound == float("-inf")


def _bound_in(problem, answers) -> None:
    """Run the worker to its answer (in a daemonic process, as the service's jobs run)."""
    worker = LpBoundProcess(problem, 60.0, Incumbent(), lambda: None)
    worker.start()
    worker.join()
    answers.put(worker.bound)


def test_a_daemonic_job_process_gets_the_bound_too():
    """The service runs each job in a daemonic process, which may not start multiprocessing
    children: the worker's child must start from there all the same."""
    problem = sample_problem()
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    job = context.Process(target=_bound_in, args=(problem, answers), daemon=True)
    job.start()
    bound = answers.get(timeout=120)
    job.join(timeout=10)
    assert bound == pytest.approx(lp_bound(problem, 60.0, step_cuts=False))


@pytest.mark.parametrize("fits", [True, False])
def test_solve_uses_the_child_only_for_large_models_with_time_for_the_lp(monkeypatch, fits):
    problem = sample_problem()
    monkeypatch.setattr(solve_module, "FULL_MODEL_MAX_ITEMS", problem.n_items // 2)
    monkeypatch.setattr(lp_process, "WHOLE_LP_S_PER_ITEM", 1e-6 if fits else 1.0)
    result = solve(problem, SolveParams(time_limit_s=5, workers=2, seed=0))
    expected = "LpBoundProcess" if fits else "IdleWorker"
    assert result.stats["bound_from"] == expected
    assert result.bound is not None and result.bound <= result.objective
    if fits:  # S's whole LP takes about a second: it arrives well inside the limit
        whole = result.stats["bound_process_bound"]
        assert whole == pytest.approx(lp_bound(problem, 60.0, step_cuts=False))
        assert result.bound == pytest.approx(min(result.objective, whole))
