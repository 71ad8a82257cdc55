"""CP-SAT on the whole model in one solve (one worker, or the window LNS turned off), and
the CP-SAT settings every whole-model solve shares."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.lns import plan_from_items
from solver.model import BuiltModel, chosen, light_presolve
from solver.problem import MatchingProblem
from solver.result import Progress, ProgressCallback, SolveResult, SolveStatus, relative_gap

if TYPE_CHECKING:
    from solver.solve import SolveParams


class Recorder(cp_model.CpSolverSolutionCallback):
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


def solve_whole(problem, built, params: SolveParams, on_progress, build_s) -> SolveResult:
    """Plain CP-SAT on the whole model (one worker, or LNS turned off)."""
    solver = configure(params)
    recorder = Recorder(on_progress)
    if on_progress is not None:
        solver.best_bound_callback = recorder.on_bound
    code = solver.solve(built.model, recorder)
    wall = solver.wall_time
    status = status_of(code)
    if status is SolveStatus.TIMEOUT and len(problem.hint_items):
        fallback = hint_result(problem, wall, build_s)
        if fallback is not None:
            return fallback
    if status in (SolveStatus.INFEASIBLE, SolveStatus.TIMEOUT):
        return SolveResult.without_plan(status, wall, build_s)
    items, team_option = chosen(problem, built, solver.boolean_value)
    penalties = penalties_of(problem, built, solver)
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


def hint_result(problem: MatchingProblem, wall: float, build_s: float) -> SolveResult | None:
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


def status_of(code) -> SolveStatus:
    if code == cp_model.OPTIMAL:
        return SolveStatus.OPTIMAL
    if code == cp_model.FEASIBLE:
        return SolveStatus.FEASIBLE
    if code == cp_model.INFEASIBLE:
        return SolveStatus.INFEASIBLE
    return SolveStatus.TIMEOUT


def penalties_of(problem: MatchingProblem, built: BuiltModel, solver) -> dict[str, int]:
    out = dict(problem.offsets)
    for label, terms in built.terms.items():
        out[label] = out.get(label, 0) + int(sum(c * solver.value(e) for c, e in terms))
    return out
