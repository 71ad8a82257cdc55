"""solver.whole: a solve whose time ran out before CP-SAT reported a plan returns the hint."""

from __future__ import annotations

import numpy as np
from test_solver_core import build, ints

from solver.solve import SolveStatus
from solver.whole import hint_result


def test_the_hint_is_the_answer_when_no_plan_came_in_time():
    problem = build([(0, 0, 5), (1, 0, 8), (2, 1, 9)])
    problem.hint_items = ints([1, 2])
    result = hint_result(problem, wall=0.01, build_s=0.0)
    assert result is not None and result.status is SolveStatus.FEASIBLE
    assert result.objective == 17 and result.bound is None
    assert np.array_equal(result.chosen_items, [1, 2])


def test_a_broken_hint_is_no_answer():
    problem = build([(0, 0, 5), (0, 1, 8)], cliques=[ints([0, 1])])
    problem.hint_items = ints([0, 1])  # one peer in two overlapping places
    assert hint_result(problem, wall=0.01, build_s=0.0) is None
