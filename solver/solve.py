"""Solve a MatchingProblem with CP-SAT and report in the project's own terms.

The result types live in solver.result and the single whole-model solve in solver.whole;
they are re-exported here, the module callers import."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from solver.bounds import IdleWorker, lp_guide
from solver.evaluate import evaluate
from solver.greedy import greedy
from solver.hybrid import FullModelWorker, run_hybrid, team_start_times
from solver.lp_process import LpBoundProcess, whole_lp_fits
from solver.model import build_model
from solver.params import SolveParams
from solver.problem import MatchingProblem
from solver.result import (
    Progress,
    ProgressCallback,
    SolveResult,
    SolveStatus,
    relative_gap,
)
from solver.whole import configure, solve_whole

__all__ = [
    "Progress",
    "ProgressCallback",
    "SolveParams",
    "SolveResult",
    "SolveStatus",
    "relative_gap",
    "solve",
]


LP_SHARE, LP_MAX_SHARE, LP_COMFORT_S = 0.4, 0.8, 30.0
"""The LP relaxation (bound and guide) may use 40% of the time limit, or up to 80% when
that is under 30 s: without it the search starts far worse and has no bound, so at short
limits it is worth most of the time (M's LP takes 5-18 s on this machine)."""
FULL_MODEL_MIN_SECONDS, QUICK_BUILD_MAX_ITEMS = 20.0, 50_000
"""With less time left than this after the LP, building the whole model (3-8 s at M's 71k
items) would eat the search, so the LNS gets the time; small models (S: 24k items, about
1 s) are built whenever the time left covers BUILD_MARGIN times the expected build, since
their full solve keeps tightening the bound."""
BUILD_S_PER_ITEM, BUILD_MARGIN = 4e-5, 3.0
"""Whole-model build with the hint completed: about 1 s at S's 24k items (load 3). Below
BUILD_MARGIN times that the build would overrun a short limit (S at 5 s under load: the
LP and the build took 4.8 of the 5 s), so the search runs without it."""
MIN_SEARCH_S = 0.1
"""The search always gets this long, even when the set-up used up the time limit: the
whole job's limit is honoured to within it (the caller subtracts what it spent)."""
FULL_MODEL_MAX_ITEMS = 150_000
"""Above this many items the whole model is not built: building it took 27 s and 3 GB at
L and its LP found no useful bound in 300 s; the bound comes from time blocks up front,
then from the whole LP in its own process when the time left covers it (solver.lp_process)."""


def solve(
    problem: MatchingProblem,
    params: SolveParams | None = None,
    on_progress: ProgressCallback | None = None,
    warm_start: np.ndarray | None = None,
) -> SolveResult:
    """Build and solve; the result carries the chosen items and a penalty per label.

    `warm_start` (item indices of a feasible plan, e.g. the greedy one) seeds the search
    and is what the hybrid search improves on; the caller's problem is never changed.
    """
    params = params or SolveParams()
    problem = replace(problem, hint_items=_items(warm_start, problem.hint_items))
    t0 = time.perf_counter()
    deadline = t0 + params.time_limit_s
    if not _hybrid(problem, params):
        built = build_model(problem)
        build_s = time.perf_counter() - t0
        left = replace(params, time_limit_s=max(MIN_SEARCH_S, deadline - time.perf_counter()))
        return solve_whole(problem, built, left, on_progress, build_s)
    lp_budget = max(
        LP_SHARE * params.time_limit_s, min(LP_MAX_SHARE * params.time_limit_s, LP_COMFORT_S)
    )
    guide = lp_guide(problem, team_start_times(problem), lp_budget, FULL_MODEL_MAX_ITEMS)
    initial_bound = _use_guide(problem, guide)
    left = params.time_limit_s - (time.perf_counter() - t0)
    short = left < FULL_MODEL_MIN_SECONDS and problem.n_items > QUICK_BUILD_MAX_ITEMS
    short = short or left < BUILD_MARGIN * BUILD_S_PER_ITEM * problem.n_items
    if problem.n_items > FULL_MODEL_MAX_ITEMS or short:
        whole_lp = (
            problem.n_items > FULL_MODEL_MAX_ITEMS
            and guide is not None
            and not guide.whole
            and whole_lp_fits(problem, deadline - time.perf_counter())
        )

        def make_worker(shared, start, notify):
            if whole_lp:
                return LpBoundProcess(problem, deadline - time.perf_counter(), shared, notify)
            return IdleWorker()

        build_s = 0.0
    else:
        built = build_model(problem)
        build_s = time.perf_counter() - t0
        full = configure(replace(params, workers=params.workers - 1))

        def make_worker(shared, start, notify):
            return FullModelWorker(problem, built, full, shared, start, notify)

    left = max(MIN_SEARCH_S, deadline - time.perf_counter())
    return _solve_hybrid(
        problem,
        make_worker,
        replace(params, time_limit_s=left),
        on_progress,
        build_s,
        initial_bound,
    )


def _hybrid(problem: MatchingProblem, params: SolveParams) -> bool:
    """Full CP-SAT for the bound beside the window LNS: needs 2+ workers, option times
    and a warm start to improve on."""
    return (
        params.lns
        and params.workers >= 2
        and problem.option_time is not None
        and len(problem.hint_items) > 0
    )


def _items(warm_start: np.ndarray | None, default: np.ndarray) -> np.ndarray:
    if warm_start is None:
        return default
    return np.asarray(warm_start, dtype=np.int64)


def _use_guide(problem: MatchingProblem, guide) -> float:
    """LP rounding: take the LP-guided greedy plan as the hint when it is better.

    Only a whole LP is rounded. Rounding the joined time-block LPs (L) overloads the
    peers every block found cheapest: at L 30 s the job ended at 2,624,123 (S4 147,495)
    from that hint against 2,512,900 (S4 58,260) from the plain greedy, whose extra
    empty seats the job's repair step then fills (issue 15, measured at load 3)."""
    if guide is None:
        return float("-inf")
    if not guide.whole:
        return guide.bound
    guided = greedy(problem, guide.items)
    broken, points = evaluate(problem, guided)
    _, hinted = evaluate(problem, problem.hint_items)
    if not broken and sum(points.values()) < sum(hinted.values()):
        problem.hint_items = guided
    return guide.bound


def _solve_hybrid(
    problem, make_worker, params: SolveParams, on_progress, build_s: float, initial_bound: float
) -> SolveResult:
    def report(shared, elapsed: float) -> None:
        if on_progress is not None and shared.plan is not None:
            objective = shared.plan.objective
            on_progress(Progress(objective, min(shared.bound, objective), elapsed))

    t0 = time.perf_counter()
    outcome = run_hybrid(
        problem,
        make_worker,
        params.time_limit_s,
        params.relative_gap,
        params.seed,
        report,
        initial_bound,
    )
    wall = time.perf_counter() - t0
    if outcome.plan is None:
        status = SolveStatus.INFEASIBLE if outcome.infeasible else SolveStatus.TIMEOUT
        return SolveResult.without_plan(status, wall, build_s, outcome.stats)
    plan = outcome.plan
    bound = min(outcome.bound, plan.objective) if np.isfinite(outcome.bound) else None
    return SolveResult(
        status=SolveStatus.OPTIMAL if outcome.proven else SolveStatus.FEASIBLE,
        chosen_items=plan.items,
        team_option=plan.team_option,
        objective=plan.objective,
        bound=bound,
        gap=None if bound is None else relative_gap(plan.objective, bound),
        wall_s=wall,
        build_s=build_s,
        first_solution_s=outcome.first_s,
        best_solution_s=outcome.best_s,
        penalties=plan.penalties,
        stats=outcome.stats,
    )
