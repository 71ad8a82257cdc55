"""Hybrid search: CP-SAT on the full model for the bound, window LNS for the plan.

One thread runs CP-SAT on the whole model (workers - 1 workers, LP-heavy) and so proves
the lower bound, and may itself find plans (for very large models, the bound is the sum of
relaxed time blocks' LPs, solver.bounds, then the whole LP in a child process,
solver.lp_process); the calling thread runs the time-window LNS
of solver.lns from the best plan known. The search stops at the time limit, when the gap
reaches the requested relative gap, or when the full solve proves optimality.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from solver.lns import Plan, WindowLns, graft, plan_from_items
from solver.model import BuiltModel, chosen
from solver.problem import MatchingProblem


@dataclass
class Incumbent:
    """Best plan and bound shared by the two threads (guarded by `lock`)."""

    plan: Plan | None = None
    bound: float = float("-inf")
    first_s: float | None = None
    best_s: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def offer(self, plan: Plan | None, elapsed: float) -> bool:
        with self.lock:
            if plan is None or (self.plan is not None and plan.objective >= self.plan.objective):
                return False
            self.plan = plan
            self.first_s = elapsed if self.first_s is None else self.first_s
            self.best_s = elapsed
            return True

    def raise_bound(self, bound: float) -> bool:
        with self.lock:
            if bound <= self.bound:
                return False
            self.bound = bound
            return True


class _FullSolveListener(cp_model.CpSolverSolutionCallback):
    """Hands every improving full-model solution to the shared incumbent."""

    def __init__(
        self, problem: MatchingProblem, built: BuiltModel, shared: Incumbent, start: float, notify
    ):
        super().__init__()
        self.problem, self.built, self.shared = problem, built, shared
        self.start, self.notify = start, notify

    def on_solution_callback(self) -> None:
        items, options = chosen(self.problem, self.built, self.boolean_value)
        if self.shared.offer(
            plan_from_items(self.problem, items, options), time.perf_counter() - self.start
        ):
            self.notify()


class FullModelWorker:
    """CP-SAT on the whole model in a background thread: the bound, and plans too."""

    def __init__(
        self,
        problem: MatchingProblem,
        built: BuiltModel,
        solver: cp_model.CpSolver,
        shared: Incumbent,
        start: float,
        notify,
    ):
        self.solver, self.built = solver, built
        solver.best_bound_callback = lambda b: shared.raise_bound(b) and notify()
        self.listener = _FullSolveListener(problem, built, shared, start, notify)
        self.code = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.code = self.solver.solve(self.built.model, self.listener)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.solver.stop_search()

    def is_alive(self) -> bool:
        return self.thread.is_alive()

    def join(self) -> None:
        self.thread.join()


@dataclass
class HybridOutcome:
    plan: Plan | None
    bound: float
    proven: bool
    infeasible: bool
    first_s: float | None
    best_s: float | None
    stats: dict


def run_hybrid(
    problem: MatchingProblem,
    make_worker,
    time_limit_s: float,
    relative_gap: float,
    seed: int,
    on_change,
    initial_bound: float = float("-inf"),
) -> HybridOutcome:
    """Run the bound worker and the LNS until the limit, the gap target or a proof.

    `make_worker(shared, start, notify)` returns the bound worker: FullModelWorker,
    solver.lp_process.LpBoundProcess (the whole LP beside the search, for problems too
    large for the whole model), or solver.bounds.IdleWorker when the bound was computed up
    front (`initial_bound`)."""
    start = time.perf_counter()
    deadline = start + time_limit_s
    shared = Incumbent()
    shared.offer(plan_from_items(problem, problem.hint_items), 0.0)
    shared.raise_bound(initial_bound)

    def notify() -> None:
        on_change(shared, time.perf_counter() - start)

    if shared.plan is not None:
        notify()  # the (LP-guided) starting plan and bound, before the first improvement
    worker = make_worker(shared, start, notify)
    worker.start()
    lns = WindowLns(problem, team_start_times(problem), seed)
    while time.perf_counter() < deadline and not _settled(worker, shared, relative_gap):
        base = shared.plan
        if base is None:
            time.sleep(0.05)
            continue
        improved = lns.step(base, deadline)
        if improved is not base and shared.plan is not base:
            # the full solve found a plan meanwhile: move this neighbourhood onto it
            improved = graft(problem, shared.plan, improved, lns.last_free)
        if shared.offer(improved, time.perf_counter() - start):
            notify()
    worker.stop()
    worker.join()
    proven = shared.plan is not None and (
        shared.bound >= shared.plan.objective or worker.code == cp_model.OPTIMAL
    )
    return HybridOutcome(
        plan=shared.plan,
        bound=shared.bound,
        proven=proven,
        infeasible=worker.code == cp_model.INFEASIBLE,
        first_s=shared.first_s,
        best_s=shared.best_s,
        stats={
            "lns_iterations": lns.iterations,
            "lns_teams": lns.teams,
            "bound_from": type(worker).__name__,
            **_process_figures(worker),
        },
    )


def _process_figures(worker) -> dict:
    """A bound worker in its own process (solver.lp_process) states its peak memory, so
    the job's memory is reported whole, and whether its bound arrived in time."""
    if not hasattr(worker, "peak_mib"):
        return {}
    return {"bound_process_peak_mib": worker.peak_mib, "bound_process_bound": worker.bound}


def _settled(worker, shared: Incumbent, relative_gap: float) -> bool:
    """Stop when the gap target is met, or the full solve has finished (proof or none)."""
    if _gap_reached(shared, relative_gap):
        return True
    finished_whole = isinstance(worker, FullModelWorker) and not worker.is_alive()
    return finished_whole or (worker.code == cp_model.INFEASIBLE and shared.plan is None)


def _gap_reached(shared: Incumbent, relative_gap: float) -> bool:
    with shared.lock:
        if shared.plan is None:
            return False
        objective = shared.plan.objective
        return objective - shared.bound <= relative_gap * abs(objective)


def team_start_times(problem: MatchingProblem) -> np.ndarray:
    """Each team's earliest option time (the LNS windows are drawn on it)."""
    day = np.full(problem.n_teams, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(day, problem.option_team, problem.option_time)
    return day
