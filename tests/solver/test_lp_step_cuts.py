"""The rounding cuts of the LP relaxation's convex utilisation steps (solver.lp_bound).

A cut may only remove fractional points: the LP bound must stay at or below the integer
optimum of every problem (checked against brute force on small random ones), and where a
threshold falls between whole loads the cuts must lift the bound to that optimum.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from test_solver_core import build, ints

from solver.evaluate import evaluate, objective
from solver.lp_bound import lp_bound
from solver.problem import Capacity


def busy_peer_problem(weights, dearer, offsets, slopes, limit=100):
    """Peer 0 may take every seat for free, seat s carrying weights[s] days towards its
    utilisation steps; or seat s goes to a peer of its own at `dearer[s]`."""
    n = len(weights)
    pairs = [(0, s, 0) for s in range(n)] + [(1 + s, s, int(dearer[s])) for s in range(n)]
    cap = Capacity(
        items=ints(range(n)),
        weights=ints(weights),
        limit=limit,
        label="S4",
        penalty_offsets=tuple(offsets),
        penalty_slopes=tuple(slopes),
    )
    return build(pairs, capacities=[cap])


def brute_force_optimum(problem) -> int:
    """Every choice of the busy peer's seats (the rest go to their own peers)."""
    n = problem.n_seats
    best = None
    for take in itertools.product([False, True], repeat=n):
        items = np.array([s if t else n + s for s, t in enumerate(take)], dtype=np.int64)
        broken, points = evaluate(problem, items)
        if not broken:
            best = objective(points) if best is None else min(best, objective(points))
    return best


def test_a_threshold_between_whole_loads_is_charged_in_full():
    """Three 7-day seats against a threshold of 15 days at 15 points a day: the peer
    takes all three (6 days over, 90 points) rather than pay 100 for another peer. The
    plain LP takes 2 1/7 seats and pays 6/7 of 100 (85.7); the cut forbids that."""
    problem = busy_peer_problem([7, 7, 7], [100, 100, 100], offsets=[15], slopes=[15])
    assert brute_force_optimum(problem) == 90
    assert lp_bound(problem) == pytest.approx(90)


@pytest.mark.parametrize("seed", range(40))
def test_the_cuts_never_cut_off_an_integer_plan(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    weights = rng.integers(1, 9, size=n)
    low = int(rng.integers(1, 15))
    offsets = [low, low + int(rng.integers(1, 8))]
    problem = busy_peer_problem(
        weights, rng.integers(5, 200, size=n), offsets, [int(rng.integers(1, 40)), 30]
    )
    assert lp_bound(problem) <= brute_force_optimum(problem) + 1e-6
