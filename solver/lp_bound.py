"""The LP relaxation of a MatchingProblem as a lower bound, built as one sparse matrix.

Why: at L the whole CP-SAT model takes tens of seconds to build and its LP worker gives
no useful bound within the time limit, while the same relaxation handed to an LP solver
as a sparse matrix builds in seconds. Every constraint family is relaxed linearly; mix
groups are dropped (a relaxation may only remove constraints), so the optimum is a valid
lower bound on the integer problem.

The LP solver is HiGHS's dual simplex, as bundled with OR-Tools (no second HiGHS library in
the process): on M's relaxation it took 2.6-3.7 s where GLOP took 11-20 s, same optimum.
GLOP remains the fallback for an OR-Tools built without HiGHS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver.python import model_builder as mb
from scipy import sparse

from solver.problem import MatchingProblem

INF = np.inf
LP_SOLVERS = (("highs", "output_flag=false"), ("glop", "use_dual_simplex: true"))
"""(solver, its parameters) in order of preference; the first OR-Tools supports is used."""


@dataclass
class _Lp:
    """Columns and rows accumulated as COO triplets."""

    n_cols: int = 0
    n_rows: int = 0
    lower: list = field(default_factory=list)
    upper: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    cols: list = field(default_factory=list)
    vals: list = field(default_factory=list)
    row_lo: list = field(default_factory=list)
    row_hi: list = field(default_factory=list)

    def add_cols(self, n: int, cost, lower=0.0, upper=1.0) -> np.ndarray:
        index = np.arange(self.n_cols, self.n_cols + n)
        self.n_cols += n
        self.lower.append(np.broadcast_to(np.asarray(lower, float), (n,)))
        self.upper.append(np.broadcast_to(np.asarray(upper, float), (n,)))
        self.cost.append(np.broadcast_to(np.asarray(cost, float), (n,)))
        return index

    def add_rows(self, row_of_entry, col_of_entry, values, lo, hi) -> None:
        """Rows given as entries (row number local to this call, column, value)."""
        self.rows.append(np.asarray(row_of_entry) + self.n_rows)
        self.n_rows += len(np.atleast_1d(lo))
        self.cols.append(np.asarray(col_of_entry))
        self.vals.append(np.asarray(values, float))
        self.row_lo.append(np.atleast_1d(np.asarray(lo, float)))
        self.row_hi.append(np.atleast_1d(np.asarray(hi, float)))


@dataclass(frozen=True)
class LpSolution:
    bound: float
    """The LP optimum plus the constant offsets: a lower bound on the integer problem."""
    items: np.ndarray
    """Each item's LP value in [0, 1] (mostly 0 or 1: the relaxation is nearly tight)."""
    whole: bool = True
    """False when joined from relaxed time blocks (solver.bounds): each block's LP then
    uses the same cheap peers without their load in other blocks, so its values steer
    the LNS but are no plan to round (see solver.solve._use_guide)."""


def lp_relaxation(
    problem: MatchingProblem, time_limit_s: float = 60.0, step_cuts: bool = True
) -> LpSolution | None:
    """Solve the LP relaxation; None if it did not finish in time. `step_cuts` adds the
    rounding cuts of the utilisation steps (_step_cuts): a tighter bound for a slower LP."""
    lp = _Lp()
    x = _items_and_seats(problem, lp)
    _options(problem, lp, x)
    _cliques_and_capacities(problem, lp, x, step_cuts)
    _groups(problem, lp, x)
    model = mb.Model()
    matrix = sparse.csr_matrix(
        (np.concatenate(lp.vals), (np.concatenate(lp.rows), np.concatenate(lp.cols))),
        shape=(lp.n_rows, lp.n_cols),
    )
    model.helper.fill_model_from_sparse_data(
        np.concatenate(lp.lower),
        np.concatenate(lp.upper),
        np.concatenate(lp.cost),
        np.concatenate(lp.row_lo),
        np.concatenate(lp.row_hi),
        matrix,
    )
    solver = lp_solver()
    solver.set_time_limit_in_seconds(time_limit_s)
    if solver.solve(model) != mb.SolveStatus.OPTIMAL:
        return None
    values = np.asarray(solver.values(model.get_variables()), dtype=float)
    return LpSolution(
        float(solver.objective_value) + float(sum(problem.offsets.values())),
        np.clip(values[x], 0.0, 1.0),
    )


def lp_solver() -> mb.Solver:
    """The preferred LP solver this OR-Tools build supports (see LP_SOLVERS)."""
    for name, parameters in LP_SOLVERS:
        solver = mb.Solver(name)
        if solver.solver_is_supported():
            solver.set_solver_specific_parameters(parameters)
            return solver
    raise RuntimeError("OR-Tools offers none of the LP solvers " + str(LP_SOLVERS))


def lp_bound(
    problem: MatchingProblem, time_limit_s: float = 60.0, step_cuts: bool = True
) -> float | None:
    """The LP optimum (a lower bound), or None if the LP did not finish."""
    solution = lp_relaxation(problem, time_limit_s, step_cuts)
    return None if solution is None else solution.bound


def _items_and_seats(problem: MatchingProblem, lp: _Lp) -> np.ndarray:
    """Item columns carry their pair's cost; each seat is one item or its 'empty' column."""
    x = lp.add_cols(problem.n_items, problem.pair_cost()[problem.item_pair])
    empty_upper = np.where(problem.seat_must_fill, 0.0, 1.0)
    empty = lp.add_cols(problem.n_seats, problem.seat_unfilled_cost, upper=empty_upper)
    seat = problem.pair_seat[problem.item_pair]
    lp.add_rows(
        np.concatenate([seat, np.arange(problem.n_seats)]),
        np.concatenate([x, empty]),
        np.ones(problem.n_items + problem.n_seats),
        np.ones(problem.n_seats),
        np.ones(problem.n_seats),
    )
    return x


def _options(problem: MatchingProblem, lp: _Lp, x: np.ndarray) -> None:
    """One start per team; a seat's items at an option sum to at most that option."""
    y = lp.add_cols(len(problem.option_team), 0.0)
    lp.add_rows(
        problem.option_team, y, np.ones(len(y)), np.ones(problem.n_teams), np.ones(problem.n_teams)
    )
    seat = problem.pair_seat[problem.item_pair]
    key = seat * len(problem.option_team) + problem.item_option
    keys, row = np.unique(key, return_inverse=True)
    options = keys % len(problem.option_team)
    lp.add_rows(
        np.concatenate([row, np.arange(len(keys))]),
        np.concatenate([x, y[options]]),
        np.concatenate([np.ones(len(x)), -np.ones(len(keys))]),
        np.full(len(keys), -INF),
        np.zeros(len(keys)),
    )


def _cliques_and_capacities(
    problem: MatchingProblem, lp: _Lp, x: np.ndarray, step_cuts: bool
) -> None:
    if problem.cliques:
        sizes = np.array([len(c) for c in problem.cliques])
        lp.add_rows(
            np.repeat(np.arange(len(sizes)), sizes),
            x[np.concatenate(problem.cliques)],
            np.ones(int(sizes.sum())),
            np.full(len(sizes), -INF),
            np.ones(len(sizes)),
        )
    for cap in problem.capacities:
        lp.add_rows(np.zeros(len(cap.items), int), x[cap.items], cap.weights, [-INF], [cap.limit])
        for offset, slope in zip(cap.penalty_offsets, cap.penalty_slopes, strict=True):
            excess = lp.add_cols(1, slope, upper=INF)
            lp.add_rows(
                np.zeros(len(cap.items) + 1, int),
                np.concatenate([x[cap.items], excess]),
                np.concatenate([-cap.weights, [1.0]]),
                [-offset],
                [INF],
            )
            if step_cuts:
                _step_cuts(lp, x[cap.items], cap.weights.astype(float), float(offset), excess)


def _step_cuts(lp: _Lp, cols: np.ndarray, weights: np.ndarray, offset: float, excess) -> None:
    """Mixed-integer rounding cuts of one convex step, `load - excess <= offset`, one per
    distinct item weight d as divisor (f_0 = frac(offset / d), f_i = frac(w_i / d)):

        sum (floor(w_i / d) + max(0, f_i - f_0) / (1 - f_0)) x_i - excess / (d (1 - f_0))
            <= floor(offset / d)

    Valid for every 0/1 plan (the MIR inequality of the step row divided by d, the excess
    being its continuous part). Why: the plain LP fills a cheap peer's days exactly up to
    a threshold with a fraction of a seat; its optimum paid 661 points of S4 utilisation
    at S where a near-optimal plan pays 1,365. With these cuts S's LP bound rose from
    206,551 to 207,055 and M's from 485,554 to 486,500 (LP 0.4 -> 0.9 s, 1.8 -> 3.9 s)."""
    if offset <= 0:
        return
    for divisor in np.unique(weights[weights > 0]):
        f0 = offset / divisor - np.floor(offset / divisor)
        if f0 < 1e-9:
            continue  # the rounding cuts nothing off
        a = weights / divisor
        coef = np.floor(a) + np.maximum(0.0, a - np.floor(a) - f0) / (1.0 - f0)
        keep = coef != 0
        lp.add_rows(
            np.zeros(int(keep.sum()) + 1, int),
            np.concatenate([cols[keep], excess]),
            np.concatenate([coef[keep], [-1.0 / (divisor * (1.0 - f0))]]),
            [-INF],
            [np.floor(offset / divisor)],
        )


class _PairItems:
    """Items of any set of pairs, by one sort of the items (no scan per group)."""

    def __init__(self, problem: MatchingProblem):
        self.order = np.argsort(problem.item_pair, kind="stable")
        self.start = np.searchsorted(problem.item_pair[self.order], np.arange(problem.n_pairs + 1))

    def __call__(self, pairs: np.ndarray) -> np.ndarray:
        pairs = np.asarray(pairs, dtype=np.int64)
        lens = self.start[pairs + 1] - self.start[pairs]
        total = int(lens.sum())
        within = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
        return self.order[np.repeat(self.start[pairs], lens) + within]


def _groups(problem: MatchingProblem, lp: _Lp, x: np.ndarray) -> None:
    """Counts (with shortfall), deviations, rewards and pinned pairs; mixes are dropped."""
    items_of = _PairItems(problem)
    for group in problem.counts:
        cols = x[items_of(group.pairs)]
        lo = group.lo if group.shortfall_cost == 0 else -INF
        lp.add_rows(np.zeros(len(cols), int), cols, np.ones(len(cols)), [lo], [group.hi])
        if group.shortfall_cost and group.lo > 0:
            short = lp.add_cols(1, group.shortfall_cost, upper=group.lo)
            lp.add_rows(
                np.zeros(len(cols) + 1, int),
                np.concatenate([cols, short]),
                np.ones(len(cols) + 1),
                [group.lo],
                [INF],
            )
    for dev in problem.deviations:
        size = lp.add_cols(1, dev.cost, upper=INF)
        items = items_of(dev.pairs)
        values = np.repeat(dev.coefs.astype(float), np.diff(items_of.start)[dev.pairs])
        for sign in (1.0, -1.0):
            lp.add_rows(
                np.zeros(len(items) + 1, int),
                np.concatenate([x[items], size]),
                np.concatenate([-sign * values, [1.0]]),
                [-sign * dev.target],
                [INF],
            )
    for reward in problem.rewards:
        earned = lp.add_cols(1, -reward.reward)
        for side in (reward.pairs_a, reward.pairs_b):
            if len(side):
                cols = x[items_of(side)]
                lp.add_rows(
                    np.zeros(len(cols) + 1, int),
                    np.concatenate([cols, earned]),
                    np.concatenate([-np.ones(len(cols)), [1.0]]),
                    [-INF],
                    [0.0],
                )
    for pair in problem.pinned_pairs.tolist():
        cols = x[items_of(np.array([pair]))]
        lp.add_rows(np.zeros(len(cols), int), cols, np.ones(len(cols)), [1.0], [1.0])
