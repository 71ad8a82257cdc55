"""A global lower bound by time blocks, for problems too large for one CP-SAT model.

Split the teams into blocks by start time and drop everything that links blocks: the
overlaps and day caps between blocks, the share deviations, and for continuity rewards
whose other side lies in another block, assume that side is met. Every dropped part only
restricts plans or adds non-negative points (the convex utilisation penalty of a split
load is never more than that of the whole load), and the rewards are counted
optimistically, so the sum of the blocks' CP-SAT bounds plus the constant offsets is a
valid lower bound on the whole problem. Each block's bound is its LP relaxation
(solver.lp_bound), a relaxation of the relaxation, so the sum stays valid.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import replace

import numpy as np

from solver.lp_bound import lp_bound
from solver.problem import MatchingProblem, Reward
from solver.restrict import restrict

BLOCK_ITEMS = 25_000


def block_relaxation(problem: MatchingProblem, free_teams: np.ndarray) -> MatchingProblem:
    """The relaxed sub-problem of one block (see the module docstring)."""
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
        rewards.append(Reward(a, np.zeros(0, dtype=np.int64) if outside else b,
                              reward.reward, reward.label))
    return replace(part.problem, deviations=[], rewards=rewards,
                   hint_items=np.zeros(0, dtype=np.int64))


def time_blocks(problem: MatchingProblem, team_day: np.ndarray) -> list[np.ndarray]:
    """Boolean team masks of consecutive blocks holding about BLOCK_ITEMS items each."""
    n_blocks = max(1, math.ceil(problem.n_items / BLOCK_ITEMS))
    order = np.argsort(team_day, kind="stable")
    return [np.isin(np.arange(problem.n_teams), chunk)
            for chunk in np.array_split(order, n_blocks) if len(chunk)]


class BlockBoundWorker:
    """Computes the block bound in a background thread, one block after another (the LP
    solver runs outside the GIL, so the LNS thread keeps its core)."""

    def __init__(self, problem: MatchingProblem, team_day: np.ndarray, time_limit_s: float,
                 on_bound):
        self.problem, self.on_bound = problem, on_bound
        self.blocks = time_blocks(problem, team_day)
        self.deadline = time.perf_counter() + time_limit_s
        self.stopped = threading.Event()
        self.code = None  # (an LP relaxation never proves the whole problem infeasible)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        total = float(sum(self.problem.offsets.values()))
        for done, block in enumerate(self.blocks):
            if self.stopped.is_set():
                return
            left = (self.deadline - time.perf_counter()) / (len(self.blocks) - done)
            bound = lp_bound(block_relaxation(self.problem, block), max(0.5, left))
            if bound is None:
                return  # a block's LP did not finish in time: no bound rather than a guess
            total += bound
        if not self.stopped.is_set():
            self.on_bound(total)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()

    def is_alive(self) -> bool:
        return self.thread.is_alive()

    def join(self) -> None:
        self.thread.join()
