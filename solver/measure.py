"""How far a plan is from the best possible, measured on the part a plan can change.

Most of the objective is paid by every plan whatever peers it picks (on the programmes we
see, about nine tenths is the hotel and meals of the seats filled), so a gap taken on the
whole objective looks several times better than the plan is. The *constant part* removes
what no plan can avoid:

    constant = sum(offsets)
               + sum over seats of min(unfilled cost if the seat may stay empty,
                                       least credited cost of a pair of the seat)

where a pair's credited cost is its cost minus every reward it could earn (the rewards
whose first set holds it). It is the optimum of a relaxation that drops everything linking
seats (overlaps, capacities, counts, mixes, deviations, one start per team, the second
side of a reward): a reward needs a chosen pair of its first set, so the rewards a plan
earns never exceed the credits of its chosen pairs. The constant therefore never exceeds
the objective of a feasible plan, nor a valid relaxation bound such as the LP. For a seat
it is what any plan filling it pays whichever peer sits: the hotel and meals, the shortest
mileage among its candidates, the least fit penalty, less what the seat can earn back.

    controllable gap = (objective - bound) / (objective - constant)

is the share of the avoidable points the bound has not ruled out.
"""

from __future__ import annotations

import math

import numpy as np

from solver.problem import MatchingProblem


def objective_constant(problem: MatchingProblem) -> int:
    """The points every feasible plan pays at least (see the module docstring)."""
    n = problem.n_seats
    cheapest = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    if problem.n_pairs:
        np.minimum.at(cheapest, problem.pair_seat, problem.pair_cost() - _credits(problem))
    may_stay_empty = ~problem.seat_must_fill
    empty_cost = np.where(may_stay_empty, problem.seat_unfilled_cost, np.iinfo(np.int64).max)
    floor = np.minimum(cheapest, empty_cost)
    # A required seat without candidates has no floor (the problem is infeasible); count 0.
    floor = np.where(floor == np.iinfo(np.int64).max, 0, floor)
    return int(floor.sum()) + int(sum(problem.offsets.values()))


def _credits(problem: MatchingProblem) -> np.ndarray:
    """Per pair: the rewards it could earn if chosen (those whose first set holds it)."""
    credit = np.zeros(problem.n_pairs, dtype=np.int64)
    for reward in problem.rewards:
        np.add.at(credit, np.unique(reward.pairs_a), reward.reward)
    return credit


def controllable_gap(objective: float | None, bound: float | None, constant: float) -> float | None:
    """(objective - bound) / (objective - constant); None without a plan or a finite bound,
    0 when the plan pays only the constant part."""
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    avoidable = objective - constant
    if avoidable <= 0:
        return 0.0
    return max(0.0, (objective - bound) / avoidable)
