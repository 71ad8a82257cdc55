"""solver.cover on hand-made covering problems: each family of the model both ways."""

from __future__ import annotations

import numpy as np

from solver.cover import CoverProblem, solve_cover
from solver.solve import SolveStatus

UNFILLED = 1000


def problem(periods, pairs, hire, limit=10, weight=1, **extra) -> CoverProblem:
    """Tasks with the given (first, last) periods in one group and zone; `pairs` are
    (resource, task); `hire` the hire cost per resource (-1: available)."""
    n = len(periods)
    return CoverProblem(
        task_weight=np.full(n, weight, dtype=np.int64),
        task_period=np.array(periods, dtype=np.int64).reshape(n, 2),
        task_group=np.zeros(n, dtype=np.int64),
        task_zone=np.zeros(n, dtype=np.int64),
        unfilled_cost=UNFILLED,
        pair_resource=np.array([r for r, _ in pairs], dtype=np.int64),
        pair_task=np.array([t for _, t in pairs], dtype=np.int64),
        resource_hire=np.array(hire, dtype=np.int64),
        resource_prev=np.full(len(hire), -1, dtype=np.int64),
        limit={(r, 0): limit for r in range(len(hire))},
        **extra,
    )


def solve(p: CoverProblem):
    sol = solve_cover(p, time_limit_s=10, workers=1, seed=0)
    assert sol.status is SolveStatus.OPTIMAL
    return sol


def taken(p, sol) -> set[tuple[int, int]]:
    return {(int(p.pair_resource[i]), int(p.pair_task[i])) for i in sol.chosen}


def test_an_available_resource_covers_for_free_and_a_task_without_pairs_is_uncovered():
    p = problem([(1, 2), (5, 6)], [(0, 0)], [-1])
    sol = solve(p)
    assert taken(p, sol) == {(0, 0)} and sol.uncovered == [1] and sol.objective == UNFILLED


def test_overlapping_tasks_need_two_resources_and_the_second_is_hired():
    p = problem([(1, 3), (3, 4)], [(0, 0), (0, 1), (1, 1)], [-1, 50])
    sol = solve(p)
    assert taken(p, sol) == {(0, 0), (1, 1)} and sol.objective == 50


def test_disjoint_tasks_share_one_resource_and_nobody_is_hired():
    p = problem([(1, 2), (4, 5)], [(0, 0), (0, 1), (1, 1)], [-1, 50])
    sol = solve(p)
    assert taken(p, sol) == {(0, 0), (0, 1)} and sol.objective == 0


def test_capacity_holds_unless_overtime_is_allowed_and_paid_for():
    tight = problem([(1, 1), (3, 3)], [(0, 0), (0, 1)], [-1], limit=7, weight=7)
    assert len(solve(tight).uncovered) == 1
    loose = problem(
        [(1, 1), (3, 3)],
        [(0, 0), (0, 1)],
        [-1],
        limit=7,
        weight=7,
        overtime_max=10,
        overtime_fixed=100,
        overtime_unit=2,
    )
    sol = solve(loose)
    assert sol.uncovered == [] and sol.overtime == {0: 7} and sol.objective == 114


def test_hiring_order_and_exclusive_tasks():
    p = problem([(1, 1), (3, 3)], [(0, 0), (0, 1), (1, 0), (1, 1)], [30, 30], exclusive={(0, 1)})
    p.resource_prev[1] = 0
    sol = solve(p)
    assert {r for r, _ in taken(p, sol)} == {0, 1} and sol.objective == 60
    p.exclusive = set()
    assert solve(p).objective == 30


def test_an_at_most_row_caps_its_pairs():
    p = problem([(1, 1), (3, 3)], [(0, 0), (1, 1)], [-1, -1])
    assert solve(p).objective == 0
    p.at_most = [(np.array([0, 1]), 1)]
    assert solve(p).objective == UNFILLED
