"""Greedy baseline: hardest seat first, cheapest feasible candidate.

It is the warm-start hint for CP-SAT and the baseline the benchmarks compare against.
Hardness is the number of candidate items a seat has. A candidate is feasible when its
team's start is still open or matches, no overlapping item is taken, every capacity and
count upper bound still holds and it would not make a mix group all one value. Soft lower
bounds, rewards, deviations and the convex capacity penalties are charged (or credited)
at their marginal value when a candidate is chosen, so heavy users are avoided and soft
minimums are met when that is cheap; seats that can earn a reward from another team's
choice (continuity) are filled after that team.
"""

from __future__ import annotations

import numpy as np

from solver.problem import MatchingProblem


def _memberships(n: int, groups: list[np.ndarray]) -> list[list[int]]:
    table: list[list[int]] = [[] for _ in range(n)]
    for g, members in enumerate(groups):
        for m in members:
            table[m].append(g)
    return table


class _State:
    def __init__(self, problem: MatchingProblem):
        self.p = problem
        self.team_option = np.full(problem.n_teams, -1, dtype=np.int64)
        self.clique_used = np.zeros(len(problem.cliques), dtype=bool)
        self.item_cliques = _memberships(problem.n_items, problem.cliques)
        self.load = np.zeros(len(problem.capacities), dtype=np.int64)
        self.item_caps = _memberships(problem.n_items, [c.items for c in problem.capacities])
        self.cap_weight = [
            dict(zip(c.items.tolist(), c.weights.tolist(), strict=True)) for c in problem.capacities
        ]
        self.count_now = np.zeros(len(problem.counts), dtype=np.int64)
        self.pair_counts = _memberships(problem.n_pairs, [g.pairs for g in problem.counts])
        self.pair_mixes = _memberships(problem.n_pairs, [m.pairs for m in problem.mixes])
        self.mix_values: list[list[int]] = [[] for _ in problem.mixes]
        self.mix_value_of = [
            dict(zip(m.pairs.tolist(), m.values.tolist(), strict=True)) for m in problem.mixes
        ]
        self.seat_hard_groups: list[list[int]] = [[] for _ in range(problem.n_seats)]
        for g, group in enumerate(problem.counts):
            if group.lo > 0 and group.shortfall_cost == 0:
                for seat in np.unique(problem.pair_seat[group.pairs]).tolist():
                    self.seat_hard_groups[seat].append(g)
        self.chosen: list[int] = []
        self._index_soft_terms(problem)

    def _index_soft_terms(self, problem: MatchingProblem) -> None:
        """Rewards and deviations per pair, so their marginal points count when choosing."""
        self.pair_rewards: list[list[tuple[int, int]]] = [[] for _ in range(problem.n_pairs)]
        for r, reward in enumerate(problem.rewards):
            for side, pairs in enumerate((reward.pairs_a, reward.pairs_b)):
                for pair in pairs.tolist():
                    self.pair_rewards[pair].append((r, side))
        self.side_met = np.array(
            [[False, len(r.pairs_b) == 0] for r in problem.rewards], dtype=bool
        ).reshape(-1, 2)
        self.pair_devs: list[list[tuple[int, int]]] = [[] for _ in range(problem.n_pairs)]
        for d, dev in enumerate(problem.deviations):
            for pair, coef in zip(dev.pairs.tolist(), dev.coefs.tolist(), strict=True):
                self.pair_devs[pair].append((d, coef))
        self.dev_total = np.zeros(len(problem.deviations), dtype=np.int64)

    def soft_marginal(self, pair: int) -> int:
        """Points a pair adds or saves through soft minimums, rewards and deviations."""
        p, extra = self.p, 0
        for g in self.pair_counts[pair]:
            group = p.counts[g]
            if group.shortfall_cost and self.count_now[g] < group.lo:
                extra -= group.shortfall_cost
        for r, side in self.pair_rewards[pair]:
            if not self.side_met[r, side] and self.side_met[r, 1 - side]:
                extra -= p.rewards[r].reward
        for d, coef in self.pair_devs[pair]:
            dev = p.deviations[d]
            now = self.dev_total[d] - dev.target
            extra += dev.cost * (abs(now + coef) - abs(now))
        return extra

    def needed(self, seat: int) -> set[int]:
        """Hard lower-bound count groups of this seat's team that are still short."""
        return {g for g in self.seat_hard_groups[seat] if self.count_now[g] < self.p.counts[g].lo}

    def marginal_penalty(self, item: int) -> int:
        extra = self.soft_marginal(int(self.p.item_pair[item]))
        for c in self.item_caps[item]:
            cap = self.p.capacities[c]
            before, after = self.load[c], self.load[c] + self.cap_weight[c][item]
            for offset, slope in zip(cap.penalty_offsets, cap.penalty_slopes, strict=True):
                extra += slope * (max(0, after - offset) - max(0, before - offset))
        return extra

    def feasible(self, item: int) -> bool:
        p = self.p
        pair, option = p.item_pair[item], p.item_option[item]
        team = p.option_team[option]
        if self.team_option[team] not in (-1, option):
            return False
        if any(self.clique_used[c] for c in self.item_cliques[item]):
            return False
        if any(
            self.load[c] + self.cap_weight[c][item] > p.capacities[c].limit
            for c in self.item_caps[item]
        ):
            return False
        if any(self.count_now[g] + 1 > p.counts[g].hi for g in self.pair_counts[pair]):
            return False
        return not any(self._breaks_mix(m, pair) for m in self.pair_mixes[pair])

    def _breaks_mix(self, m: int, pair: int) -> bool:
        values = self.mix_values[m] + [self.mix_value_of[m][pair]]
        return len(values) >= 2 and len(set(values)) == 1

    def take(self, item: int) -> None:
        p = self.p
        pair, option = p.item_pair[item], p.item_option[item]
        self.team_option[p.option_team[option]] = option
        for c in self.item_cliques[item]:
            self.clique_used[c] = True
        for c in self.item_caps[item]:
            self.load[c] += self.cap_weight[c][item]
        for g in self.pair_counts[pair]:
            self.count_now[g] += 1
        for m in self.pair_mixes[pair]:
            self.mix_values[m].append(self.mix_value_of[m][pair])
        for r, side in self.pair_rewards[pair]:
            self.side_met[r, side] = True
        for d, coef in self.pair_devs[pair]:
            self.dev_total[d] += coef
        self.chosen.append(item)


def greedy(problem: MatchingProblem, guide: np.ndarray | None = None) -> np.ndarray:
    """Chosen item indices of the greedy plan (pinned pairs first, then hardest seats).

    With `guide` (a value per item, e.g. its LP relaxation value), seats whose best guide
    value is highest go first and each seat tries candidates by guide value, then cost:
    LP rounding with the greedy as repair."""
    state = _State(problem)
    pair_cost = problem.pair_cost()
    item_cost = pair_cost[problem.item_pair]
    item_seat = problem.pair_seat[problem.item_pair]
    seat_items = np.bincount(item_seat, minlength=problem.n_seats)
    if guide is None:
        order = np.lexsort((item_cost, item_seat))
        seat_rank = np.zeros(problem.n_seats)
    else:
        confident = np.round(guide, 2)
        order = np.lexsort((item_cost, -confident, item_seat))
        seat_rank = np.zeros(problem.n_seats)
        np.maximum.at(seat_rank, item_seat, confident)
        seat_rank = -seat_rank
    by_seat = np.split(order, np.searchsorted(item_seat[order], np.arange(1, problem.n_seats)))
    pinned_seats = set(problem.pair_seat[problem.pinned_pairs].tolist())
    pinned_pairs = set(problem.pinned_pairs.tolist())
    # Seats whose reward needs another team's choice (continuity) wait for that team.
    dependent = set(
        problem.pair_seat[
            np.concatenate(
                [r.pairs_a for r in problem.rewards if len(r.pairs_b)] or [np.zeros(0, np.int64)]
            )
        ].tolist()
    )
    seats = sorted(
        range(problem.n_seats),
        key=lambda s: (s not in pinned_seats, seat_rank[s], s in dependent, seat_items[s], s),
    )
    for seat in seats:
        candidates = by_seat[seat]
        if seat in pinned_seats:
            candidates = [i for i in candidates if problem.item_pair[i] in pinned_pairs]
        elif guide is not None and _take_guided(state, seat, candidates, guide):
            continue
        _fill_seat(state, seat, candidates, item_cost)
    return np.array(sorted(state.chosen), dtype=np.int64)


def _take_guided(state: _State, seat: int, candidates, guide: np.ndarray) -> bool:
    """Take the first feasible candidate the guide mostly chose (LP value >= 0.5); while a
    hard minimum of the team is short, only one that counts toward it (else the rounded
    plan can miss a required minimum and be thrown away)."""
    needed = state.needed(seat)
    for item in candidates:
        if guide[item] < 0.5:
            return False
        if needed and not needed & set(state.pair_counts[state.p.item_pair[item]]):
            continue
        if state.feasible(item):
            state.take(item)
            return True
    return False


def _fill_seat(state: _State, seat: int, candidates, item_cost: np.ndarray, look: int = 64) -> None:
    """Take the candidate with the lowest cost + marginal penalty among the first feasible
    ones; while a hard minimum of the team is short, candidates that count toward it go
    first (so the plan honours hard diversity minimums where it can)."""
    needed = state.needed(seat)
    if needed:
        helping = [i for i in candidates if needed & set(state.pair_counts[state.p.item_pair[i]])]
        if _take_best(state, helping, item_cost, look):
            return
    _take_best(state, candidates, item_cost, look)


def _take_best(state: _State, candidates, item_cost: np.ndarray, look: int) -> bool:
    best, best_cost, seen = None, None, 0
    for item in candidates:
        if not state.feasible(item):
            continue
        cost = item_cost[item] + state.marginal_penalty(item)
        if best_cost is None or cost < best_cost:
            best, best_cost = item, cost
        seen += 1
        if seen >= look:
            break
    if best is not None:
        state.take(best)
    return best is not None
