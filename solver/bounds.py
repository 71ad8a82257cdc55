"""A global lower bound by time blocks, for problems too large for one CP-SAT model.

Split the teams into blocks by start time and drop everything that links blocks: the
overlaps and day caps between blocks, the share deviations, and for continuity rewards
whose other side lies in another block, assume that side is met. Every dropped part only
restricts plans or adds non-negative points (the convex utilisation penalty of a split
load is never more than that of the whole load), and the rewards are counted
optimistically, so the sum of the blocks' CP-SAT bounds plus the constant offsets is a
valid lower bound on the whole problem. Each block's bound is its LP relaxation
(solver.lp_bound), a relaxation of the relaxation, so the sum stays valid; the blocks' LP
values together guide the first plan (LP rounding, solver.greedy).
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np

from solver.lp_bound import LpSolution, lp_relaxation
from solver.problem import MatchingProblem, Reward
from solver.restrict import restrict

BLOCK_ITEMS = 200_000
"""Items per block. Fewer, larger blocks drop fewer links at little extra time: at L (368,522
items, load about 2) 15 blocks of 25,000 gave 2,384,218 in 7.5 s, 4 blocks 2,388,259 in
5.6 s, 2 blocks 2,395,881 in 9.0 s; the whole LP, 2,414,132, took 151 s, so it runs
beside the search instead (solver.lp_process)."""
MIN_BLOCK_S = 0.2
"""A block's LP is not started with less time than this each left for the remaining ones."""


def block_relaxation(
    problem: MatchingProblem, free_teams: np.ndarray
) -> tuple[MatchingProblem, np.ndarray]:
    """The relaxed sub-problem of one block (see the module docstring), and its item map
    (sub item -> full item)."""
    part = restrict(problem, free_teams, np.zeros(0, dtype=np.int64))
    new_pair = np.full(problem.n_pairs, -1, dtype=np.int64)
    new_pair[part.pair_map] = np.arange(len(part.pair_map))
    rewards = []
    for reward in problem.rewards:
        a = new_pair[reward.pairs_a]
        a = a[a >= 0]
        if len(a) == 0:
            continue  # counted in the block holding its first side
        b = new_pair[reward.pairs_b]
        b = b[b >= 0]
        outside = len(b) < len(reward.pairs_b)  # the other side may be met elsewhere
        rewards.append(
            Reward(a, np.zeros(0, dtype=np.int64) if outside else b, reward.reward, reward.label)
        )
    relaxed = replace(
        part.problem, deviations=[], rewards=rewards, hint_items=np.zeros(0, dtype=np.int64)
    )
    return relaxed, part.item_map


def time_blocks(problem: MatchingProblem, team_day: np.ndarray) -> list[np.ndarray]:
    """Boolean team masks of consecutive blocks holding about BLOCK_ITEMS items each."""
    n_blocks = max(1, math.ceil(problem.n_items / BLOCK_ITEMS))
    order = np.argsort(team_day, kind="stable")
    return [
        np.isin(np.arange(problem.n_teams), chunk)
        for chunk in np.array_split(order, n_blocks)
        if len(chunk)
    ]


def lp_guide(
    problem: MatchingProblem, team_day: np.ndarray, time_limit_s: float, whole_max_items: int
) -> LpSolution | None:
    """LP values for every item and a valid lower bound: one LP for the whole problem, or,
    above `whole_max_items`, one per relaxed time block (values joined, bounds summed)."""
    if problem.n_items <= whole_max_items:
        return lp_relaxation(problem, time_limit_s)
    deadline = time.perf_counter() + time_limit_s
    blocks = time_blocks(problem, team_day)
    values = np.zeros(problem.n_items)
    total = float(sum(problem.offsets.values()))
    for done, block in enumerate(blocks):
        left = (deadline - time.perf_counter()) / (len(blocks) - done)
        if left < MIN_BLOCK_S:
            return None  # out of time: the job's limit comes before the bound
        relaxed, item_map = block_relaxation(problem, block)
        # No utilisation step cuts here (solver.lp_bound._step_cuts): at L 30 s they raised
        # the bound by 0.03% only (2,384,946 against 2,384,218) and the slower LPs cost the
        # LNS its time (plans 2,500,321 and 2,503,499 against 2,495,567 and 2,495,812).
        solution = lp_relaxation(relaxed, left, step_cuts=False)
        if solution is None:
            return None  # a block's LP did not finish in time: no guide rather than half
        values[item_map] = solution.items
        total += solution.bound
    return LpSolution(total, values, whole=False)


class IdleWorker:
    """The bound worker of a hybrid search whose bound was computed up front."""

    code = None

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def is_alive(self) -> bool:
        return False

    def join(self) -> None: ...
