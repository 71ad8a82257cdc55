"""A MatchingProblem as a MIP in plain arrays (no solver imports), for the HiGHS baseline.

Columns: one binary per item (x) and per start option (y), then auxiliaries; those whose
integrality follows from x (convex excess, shortfall, deviation, reward) are continuous.
- seats: sum x over the seat's items <= 1 (= 1 when it must be filled); the unfilled cost
  c * (1 - fill) becomes the constant c and -c on each item of the seat;
- options: sum y of a team = 1; per seat and option, sum x of those items <= y (the same
  aggregated link as solver.model);
- pair costs on the items of each pair; cliques: sum x <= 1; pinned pairs: sum x = 1;
- capacities: load <= limit; each convex step e_k >= load - offset_k, e_k >= 0, cost slope_k;
- counts: count <= hi; count >= lo, or count + s >= lo with shortfall s in [0, lo];
- mixes: binary z ('several'): total >= 2z, total <= 1 + (n - 1) z, and per value v
  z <= chosen pairs of the other values (so with z = 1 not all are v);
- deviations: d >= expr - target and d >= target - expr, cost * d;
- rewards: earned r in [0, 1], r <= sum of side A, r <= sum of side B, cost -reward * r.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.problem import MatchingProblem

INF = float("inf")


@dataclass
class MipArrays:
    """Row-wise (CSR) MIP: minimise cost @ v + offset subject to row_lo <= A v <= row_hi."""

    cost: np.ndarray
    col_lo: np.ndarray
    col_hi: np.ndarray
    integer: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    offset: float
    n_items: int
    n_options: int


class _Builder:
    """Accumulates columns and blocks of rows; rows are numbered as blocks arrive."""

    def __init__(self, problem: MatchingProblem):
        self.p = problem
        self.cols: list[tuple[np.ndarray, ...]] = []
        self.n_cols = 0
        self.entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.bounds: list[tuple[np.ndarray, np.ndarray]] = []
        self.n_rows = 0
        self.offset = 0.0
        order = np.argsort(problem.item_pair, kind="stable")
        self.pair_order = order
        self.pair_start = np.searchsorted(problem.item_pair[order], np.arange(problem.n_pairs + 1))

    def add_cols(self, n: int, lo, hi, cost, integer: bool) -> np.ndarray:
        full = [np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in (lo, hi, cost)]
        self.cols.append((*full, np.full(n, integer)))
        self.n_cols += n
        return np.arange(self.n_cols - n, self.n_cols)

    def add_rows(self, rows, cols, vals, lo, hi) -> np.ndarray:
        """Rows numbered 0..len(lo)-1 locally; returns their global numbers."""
        lo = np.broadcast_to(np.asarray(lo, dtype=float), (len(lo),)).copy()
        hi = np.broadcast_to(np.asarray(hi, dtype=float), (len(lo),)).copy()
        first = self.n_rows
        self.entries.append((np.asarray(rows) + first, np.asarray(cols), np.asarray(vals, float)))
        self.bounds.append((lo, hi))
        self.n_rows += len(lo)
        return np.arange(first, self.n_rows)

    def add_entries(self, rows, cols, vals) -> None:
        """More entries in rows already added (auxiliary columns)."""
        self.entries.append((np.asarray(rows), np.asarray(cols), np.asarray(vals, float)))

    def expand(self, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(items, index into `pairs`) of every item of the given pairs (vectorised)."""
        pairs = np.asarray(pairs, dtype=np.int64)
        lens = self.pair_start[pairs + 1] - self.pair_start[pairs]
        shift = np.repeat(self.pair_start[pairs] - (np.cumsum(lens) - lens), lens)
        items = self.pair_order[shift + np.arange(int(lens.sum()))]
        return items, np.repeat(np.arange(len(pairs)), lens)

    def pair_rows(self, sets, lo, hi, coefs=None) -> np.ndarray:
        """One row per pair set: sum over its pairs (coef * pair chosen)."""
        lens = np.array([len(s) for s in sets], dtype=np.int64)
        if len(sets) == 0:
            return np.zeros(0, dtype=np.int64)
        pairs = np.concatenate([np.asarray(s, dtype=np.int64) for s in sets])
        coef = (
            np.concatenate([np.asarray(c, float) for c in coefs])
            if coefs is not None
            else np.ones(len(pairs))
        )
        items, at = self.expand(pairs)
        set_of_pair = np.repeat(np.arange(len(sets)), lens)
        return self.add_rows(
            set_of_pair[at],
            items,
            coef[at],
            np.broadcast_to(lo, len(sets)),
            np.broadcast_to(hi, len(sets)),
        )

    def finish(self) -> MipArrays:
        rows, cols, vals = (np.concatenate([e[i] for e in self.entries]) for i in range(3))
        order = np.argsort(rows, kind="stable")
        start = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=self.n_rows))])
        lo, hi, cost, integer = (np.concatenate([c[i] for c in self.cols]) for i in range(4))
        return MipArrays(
            cost=cost,
            col_lo=lo,
            col_hi=hi,
            integer=integer,
            row_lo=np.concatenate([b[0] for b in self.bounds]),
            row_hi=np.concatenate([b[1] for b in self.bounds]),
            start=start.astype(np.int64),
            index=cols[order].astype(np.int64),
            value=vals[order],
            offset=self.offset,
            n_items=self.p.n_items,
            n_options=len(self.p.option_team),
        )


def to_mip(problem: MatchingProblem) -> MipArrays:
    """The whole problem as a MIP (see the module docstring)."""
    b = _Builder(problem)
    seat_of_item = problem.pair_seat[problem.item_pair]
    cost = problem.pair_cost()[problem.item_pair].astype(float)
    soft = ~problem.seat_must_fill & (problem.seat_unfilled_cost > 0)
    b.offset = float(problem.seat_unfilled_cost[soft].sum() + sum(problem.offsets.values()))
    cost -= np.where(soft, problem.seat_unfilled_cost, 0)[seat_of_item]
    b.add_cols(problem.n_items, 0, 1, cost, True)
    options = b.add_cols(len(problem.option_team), 0, 1, 0, True)
    b.add_rows(
        seat_of_item,
        np.arange(problem.n_items),
        np.ones(problem.n_items),
        problem.seat_must_fill.astype(float),
        np.ones(problem.n_seats),
    )
    _options(b, seat_of_item, options)
    if problem.cliques:
        _cliques(b)
    _capacities(b)
    _counts(b)
    _mixes(b)
    _deviations(b)
    _rewards(b)
    if len(problem.pinned_pairs):
        b.pair_rows([[p] for p in problem.pinned_pairs.tolist()], 1.0, 1.0)
    return b.finish()


def _stack(groups: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(row of each member, members) of a list of index arrays."""
    lens = np.array([len(g) for g in groups], dtype=np.int64)
    return np.repeat(np.arange(len(groups)), lens), np.concatenate(groups).astype(np.int64)


def _options(b: _Builder, seat_of_item: np.ndarray, options: np.ndarray) -> None:
    """One start per team; a seat's items at an option need that option chosen."""
    p = b.p
    n_opt = len(p.option_team)
    b.add_rows(p.option_team, options, np.ones(n_opt), np.ones(p.n_teams), np.ones(p.n_teams))
    per_team = np.bincount(p.option_team, minlength=p.n_teams)
    linked = np.flatnonzero(per_team[p.option_team[p.item_option]] > 1)
    keys, row = np.unique(seat_of_item[linked] * n_opt + p.item_option[linked], return_inverse=True)
    rows = b.add_rows(
        row, linked, np.ones(len(linked)), np.full(len(keys), -INF), np.zeros(len(keys))
    )
    b.add_entries(rows, options[keys % n_opt], -np.ones(len(keys)))


def _cliques(b: _Builder) -> None:
    rows, members = _stack(b.p.cliques)
    n = len(b.p.cliques)
    b.add_rows(rows, members, np.ones(len(members)), np.full(n, -INF), np.ones(n))


def _capacities(b: _Builder) -> None:
    """Loads within limits; convex steps as continuous excess columns."""
    loads, steps = [], []
    for cap in b.p.capacities:
        most = int(cap.weights.sum())
        if most > cap.limit:
            loads.append((cap, cap.limit))
        for offset, slope in zip(cap.penalty_offsets, cap.penalty_slopes, strict=True):
            top = min(most, cap.limit)
            if top > offset:
                steps.append((cap, offset, slope, top - offset))
    for group, with_excess in ((loads, False), (steps, True)):
        if not group:
            continue
        rows, items = _stack([g[0].items for g in group])
        weights = np.concatenate([g[0].weights for g in group]).astype(float)
        limits = np.array([g[1] for g in group], dtype=float)
        added = b.add_rows(rows, items, weights, np.full(len(group), -INF), limits)
        if with_excess:
            excess = b.add_cols(len(group), 0, [g[3] for g in group], [g[2] for g in group], False)
            b.add_entries(added, excess, -np.ones(len(group)))


def _counts(b: _Builder) -> None:
    counts = b.p.counts
    capped = [g for g in counts if g.hi < len(g.pairs)]
    b.pair_rows([g.pairs for g in capped], -INF, [g.hi for g in capped])
    hard = [g for g in counts if g.lo > 0 and g.shortfall_cost == 0]
    b.pair_rows([g.pairs for g in hard], [g.lo for g in hard], INF)
    soft = [g for g in counts if g.lo > 0 and g.shortfall_cost > 0]
    rows = b.pair_rows([g.pairs for g in soft], [g.lo for g in soft], INF)
    if soft:
        short = b.add_cols(
            len(soft), 0, [g.lo for g in soft], [g.shortfall_cost for g in soft], False
        )
        b.add_entries(rows, short, np.ones(len(soft)))


def _mixes(b: _Builder) -> None:
    """'several' z: total >= 2z, total <= 1 + (n-1)z, z <= chosen pairs of other values."""
    for group in b.p.mixes:
        z = b.add_cols(1, 0, 1, 0, True)
        n = len(group.pairs)
        rows = b.pair_rows([group.pairs, group.pairs], [0.0, -INF], [INF, 1.0])
        b.add_entries(rows, np.repeat(z, 2), [-2.0, -(n - 1.0)])
        others = [group.pairs[group.values != v] for v in np.unique(group.values)]
        rows = b.pair_rows(others, 0.0, INF)
        b.add_entries(rows, np.repeat(z, len(others)), -np.ones(len(others)))


def _deviations(b: _Builder) -> None:
    """|expr - target| as d >= expr - target and d >= target - expr."""
    for dev in b.p.deviations:
        top = float(np.abs(dev.coefs).sum() + abs(dev.target))
        d = b.add_cols(1, 0, top, dev.cost, False)
        rows = b.pair_rows(
            [dev.pairs, dev.pairs],
            [-INF, dev.target],
            [dev.target, INF],
            coefs=[dev.coefs, dev.coefs],
        )
        b.add_entries(rows, np.repeat(d, 2), [-1.0, 1.0])


def _rewards(b: _Builder) -> None:
    """Earned r in [0, 1] with r <= each side's chosen count; the reward is -r in cost."""
    rewards = b.p.rewards
    if not rewards:
        return
    earned = b.add_cols(len(rewards), 0, 1, [-r.reward for r in rewards], False)
    rows = b.pair_rows([r.pairs_a for r in rewards], 0.0, INF)
    b.add_entries(rows, earned, -np.ones(len(rewards)))
    with_b = [k for k, r in enumerate(rewards) if len(r.pairs_b)]
    rows = b.pair_rows([rewards[k].pairs_b for k in with_b], 0.0, INF)
    b.add_entries(rows, earned[with_b], -np.ones(len(with_b)))
