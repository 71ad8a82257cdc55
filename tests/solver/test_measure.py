"""The objective's constant part and the controllable gap (solver.measure)."""

from __future__ import annotations

import numpy as np
import pytest
from test_solver_core import PARAMS, build, ints

from solver.measure import controllable_gap, objective_constant
from solver.problem import Capacity, Reward
from solver.solve import SolveStatus, solve


def test_constant_is_each_seats_cheapest_option_plus_offsets():
    """Seat 0: pairs 5 and 8, and 8 earns a reward of 4 back -> 4; seat 1 may stay empty
    at 3 or take 9 -> 3; offset 10. A reward counts once per seat, however many there are."""
    problem = build(
        [(0, 0, 5), (1, 0, 8), (2, 1, 9)],
        must=[True, False],
        unfilled=[100, 3],
        rewards=[Reward(ints([1]), ints([]), 4, "S5"), Reward(ints([2]), ints([]), 1, "S5")],
    )
    problem.offsets = {"S5": 10}
    assert objective_constant(problem) == 4 + 3 + 10


def test_constant_never_exceeds_the_optimum_nor_the_bound():
    """One peer wanted by both seats (a clique) and a convex cap: the optimum pays more
    than the constant, which stays below it and below the proven bound."""
    problem = build(
        [(0, 0, 1), (1, 0, 6), (0, 1, 2), (2, 1, 7)],
        cliques=[ints([0, 2])],
        capacities=[Capacity(ints([1, 3]), ints([1, 1]), 2, "S4", (1,), (5,))],
    )
    result = solve(problem, PARAMS)
    assert result.status is SolveStatus.OPTIMAL
    constant = objective_constant(problem)
    assert constant == 1 + 2
    assert constant <= result.bound <= result.objective
    assert result.objective > constant


@pytest.mark.parametrize(
    ("objective", "bound", "constant", "expected"),
    [
        (110, 105, 100, 0.5),
        (110, 110, 100, 0.0),
        (100, 100, 100, 0.0),
        (110, float("-inf"), 100, None),
        (None, 5, 100, None),
        (110, None, 100, None),
    ],
)
def test_controllable_gap(objective, bound, constant, expected):
    assert controllable_gap(objective, bound, constant) == expected


def test_a_required_seat_without_candidates_adds_nothing():
    problem = build([(0, 0, 5), (1, 1, 2)])
    problem.pair_seat = ints([0, 0])
    assert objective_constant(problem) == 2
    assert np.all(problem.seat_must_fill)
