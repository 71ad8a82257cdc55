"""Solve a MatchingProblem with CP-SAT and report in the project's own terms."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
from ortools.sat.python import cp_model

from solver.bounds import IdleWorker, lp_guide
from solver.evaluate import evaluate
from solver.greedy import greedy
from solver.hybrid import FullModelWorker, run_hybrid, team_start_times
from solver.lns import plan_from_items
from solver.measure import controllable_gap
from solver.model import BuiltModel, build_model, chosen, light_presolve
from solver.problem import MatchingProblem


class SolveStatus(StrEnum):
    """Outcome of a solve, independent of CP-SAT's own status codes."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class SolveParams:
    time_limit_s: float = 60.0
    workers: int = 2
    seed: int = 0
    relative_gap: float = 0.0
    log: bool = False
    lns: bool = True
    """With 2+ workers and option times: full CP-SAT for the bound plus window LNS."""


@dataclass(frozen=True)
class Progress:
    """One improving solution, as reported to a progress callback."""

    objective: int
    bound: float
    elapsed_s: float
    constant: float | None = None
    """The objective's constant part (solver.measure), when the caller knows it."""

    @property
    def gap(self) -> float:
        return relative_gap(self.objective, self.bound)

    @property
    def controllable_gap(self) -> float | None:
        if self.constant is None:
            return None
        return controllable_gap(self.objective, self.bound, self.constant)


@dataclass
class SolveResult:
    status: SolveStatus
    chosen_items: np.ndarray
    team_option: np.ndarray
    objective: int | None
    bound: float | None
    gap: float | None
    wall_s: float
    build_s: float
    first_solution_s: float | None = None
    best_solution_s: float | None = None
    penalties: dict[str, int] = field(default_factory=dict)
    stats: dict[str, float] = field(default_factory=dict)


def relative_gap(objective: float, bound: float) -> float:
    """(objective - bound) / |objective|, 0 for a proven or zero objective, 1 (100%) while
    there is no finite bound yet."""
    if not math.isfinite(bound):
        return 1.0
    if objective == 0:
        return 0.0 if bound >= 0 else 1.0
    return max(0.0, (objective - bound) / abs(objective))


ProgressCallback = Callable[[Progress], None]


class _Recorder(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress: ProgressCallback | None):
        super().__init__()
        self.on_progress = on_progress
        self.start = time.perf_counter()
        self.first_s: float | None = None
        self.best_s: float | None = None
        self.incumbent: int | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.start
        self.first_s = self.first_s if self.first_s is not None else now
        self.best_s = now
        self.incumbent = int(self.objective_value)
        if self.on_progress:
            self.on_progress(Progress(self.incumbent, self.best_objective_bound, now))

    def on_bound(self, bound: float) -> None:
        """A better bound arrived: report it with the current incumbent (if any)."""
        if self.on_progress and self.incumbent is not None:
            now = time.perf_counter() - self.start
            self.on_progress(Progress(self.incumbent, min(bound, self.incumbent), now))


def configure(params: SolveParams) -> cp_model.CpSolver:
    """CP-SAT settings that worked best on this problem family (see benchmarks/README)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = params.time_limit_s
    p.num_workers = params.workers
    p.random_seed = params.seed
    p.relative_gap_limit = params.relative_gap
    p.log_search_progress = params.log
    light_presolve(p)
    # The LP-heavy worker proves far better bounds on these assignment-like models.
    p.subsolvers.append("max_lp")
    p.ignore_subsolvers.append("default_lp")
    return solver


LP_SHARE, LP_MAX_SHARE, LP_COMFORT_S = 0.4, 0.8, 30.0
"""The LP relaxation (bound and guide) may use 40% of the time limit, or up to 80% when
that is under 30 s: without it the search starts far worse and has no bound, so at short
limits it is worth most of the time (M's LP takes 5-18 s on this machine)."""
FULL_MODEL_MIN_SECONDS, QUICK_BUILD_MAX_ITEMS = 20.0, 50_000
"""With less time left than this after the LP, building the whole model (3-8 s at M's 71k
items) would eat the search, so the LNS gets the time; small models (S: 24k items, about
1 s) are always built, since their full solve keeps tightening the bound."""
MIN_SEARCH_S = 0.1
"""The search always gets this long, even when the set-up used up the time limit: the
whole job's limit is honoured to within it (the caller subtracts what it spent)."""
FULL_MODEL_MAX_ITEMS = 150_000
"""Above this many items the whole model is not built: building it took 27 s and 3 GB at
L and its LP found no useful bound in 300 s; the bound comes from time blocks instead."""


def solve(
    problem: MatchingProblem,
    params: SolveParams = SolveParams(),
    on_progress: ProgressCallback | None = None,
) -> SolveResult:
    """Build and solve; the result carries the chosen items and a penalty per label."""
    hybrid = (
        params.lns
        and params.workers >= 2
        and problem.option_time is not None
        and len(problem.hint_items) > 0
    )
    t0 = time.perf_counter()
    deadline = t0 + params.time_limit_s
    if not hybrid:
        built = build_model(problem)
        build_s = time.perf_counter() - t0
        left = replace(params, time_limit_s=max(MIN_SEARCH_S, deadline - time.perf_counter()))
        return _solve_cpsat(problem, built, left, on_progress, build_s)
    lp_budget = max(
        LP_SHARE * params.time_limit_s, min(LP_MAX_SHARE * params.time_limit_s, LP_COMFORT_S)
    )
    guide = lp_guide(problem, team_start_times(problem), lp_budget, FULL_MODEL_MAX_ITEMS)
    initial_bound = _use_guide(problem, guide)
    left = params.time_limit_s - (time.perf_counter() - t0)
    short = left < FULL_MODEL_MIN_SECONDS and problem.n_items > QUICK_BUILD_MAX_ITEMS
    if problem.n_items > FULL_MODEL_MAX_ITEMS or short:

        def make_worker(shared, start, notify):
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


def _use_guide(problem: MatchingProblem, guide) -> float:
    """LP rounding: take the LP-guided greedy plan as the hint when it is better."""
    if guide is None:
        return float("-inf")
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
        return SolveResult(
            status,
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
            None,
            None,
            None,
            wall,
            build_s,
            stats=outcome.stats,
        )
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


def _solve_cpsat(problem, built, params: SolveParams, on_progress, build_s) -> SolveResult:
    """Plain CP-SAT on the whole model (one worker, or LNS turned off)."""
    solver = configure(params)
    recorder = _Recorder(on_progress)
    if on_progress is not None:
        solver.best_bound_callback = recorder.on_bound
    code = solver.solve(built.model, recorder)
    wall = solver.wall_time
    status = _status(code)
    if status is SolveStatus.TIMEOUT and len(problem.hint_items):
        fallback = _hint_result(problem, wall, build_s)
        if fallback is not None:
            return fallback
    if status in (SolveStatus.INFEASIBLE, SolveStatus.TIMEOUT):
        return SolveResult(
            status,
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
            None,
            None,
            None,
            wall,
            build_s,
        )
    items, team_option = chosen(problem, built, solver.boolean_value)
    penalties = _penalties(problem, built, solver)
    # The objective of the returned solution, evaluated from its own values. CP-SAT's
    # reported objective_value can exceed it when presolve removed an auxiliary variable
    # and postsolve restored a better value; the bound stays valid either way.
    objective = sum(penalties.values())
    bound = min(float(solver.best_objective_bound), objective)
    return SolveResult(
        status=status,
        chosen_items=items,
        team_option=team_option,
        objective=objective,
        bound=bound,
        gap=relative_gap(objective, bound),
        wall_s=wall,
        build_s=build_s,
        first_solution_s=recorder.first_s,
        best_solution_s=recorder.best_s,
        penalties=penalties,
        stats={
            "branches": solver.num_branches,
            "conflicts": solver.num_conflicts,
            "cpsat_objective": solver.objective_value,
        },
    )


def _hint_result(problem: MatchingProblem, wall: float, build_s: float) -> SolveResult | None:
    """The hint as the answer when the time ran out before CP-SAT reported a plan (a job
    whose set-up used up its limit still returns the warm start, if it is feasible)."""
    plan = plan_from_items(problem, problem.hint_items)
    if plan is None:
        return None
    return SolveResult(
        status=SolveStatus.FEASIBLE,
        chosen_items=plan.items,
        team_option=plan.team_option,
        objective=plan.objective,
        bound=None,
        gap=None,
        wall_s=wall,
        build_s=build_s,
        first_solution_s=wall,
        best_solution_s=wall,
        penalties=plan.penalties,
        stats={"answer": "hint"},
    )


def _status(code) -> SolveStatus:
    if code == cp_model.OPTIMAL:
        return SolveStatus.OPTIMAL
    if code == cp_model.FEASIBLE:
        return SolveStatus.FEASIBLE
    if code == cp_model.INFEASIBLE:
        return SolveStatus.INFEASIBLE
    return SolveStatus.TIMEOUT


def _penalties(problem: MatchingProblem, built: BuiltModel, solver) -> dict[str, int]:
    out = dict(problem.offsets)
    for label, terms in built.terms.items():
        out[label] = out.get(label, 0) + int(sum(c * solver.value(e) for c, e in terms))
    return out
