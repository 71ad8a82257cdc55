"""Evaluate a selection of items against a MatchingProblem without CP-SAT.

Used to score the greedy baseline and to cross-check the CP-SAT objective at the numeric
level; the domain's independent validator (matcher.validation) is the final word.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from solver.problem import MatchingProblem


def evaluate(problem: MatchingProblem, chosen_items: np.ndarray) -> tuple[list[str], dict]:
    """Return (broken constraint labels, penalty points per label) for a selection."""
    broken: list[str] = []
    chosen = np.zeros(problem.n_items, dtype=bool)
    chosen[chosen_items] = True
    pair_chosen = np.bincount(problem.item_pair[chosen_items], minlength=problem.n_pairs)
    broken += _structure(problem, chosen_items, pair_chosen)
    penalties: Counter = Counter(problem.offsets)
    for label, costs in problem.pair_costs.items():
        penalties[label] += int(costs @ pair_chosen)
    for label, costs in problem.item_costs.items():
        penalties[label] += int(costs[chosen_items].sum())
    filled = np.bincount(problem.pair_seat, weights=pair_chosen, minlength=problem.n_seats)
    penalties[problem.unfilled_label] += int(problem.seat_unfilled_cost[filled == 0].sum())
    broken += [f"clique:{i}" for i, c in enumerate(problem.cliques) if chosen[c].sum() > 1]
    for cap in problem.capacities:
        load = int(cap.weights[chosen[cap.items]].sum())
        if load > cap.limit:
            broken.append(cap.label)
        for offset, slope in zip(cap.penalty_offsets, cap.penalty_slopes, strict=True):
            penalties[cap.label] += slope * max(0, load - offset)
    for group in problem.counts:
        count = int(pair_chosen[group.pairs].sum())
        if count > group.hi or (group.shortfall_cost == 0 and count < group.lo):
            broken.append(group.label)
        penalties[group.label] += group.shortfall_cost * max(0, group.lo - count)
    broken += [m.label for m in problem.mixes if _all_one_value(m, pair_chosen)]
    for dev in problem.deviations:
        total = int(dev.coefs @ pair_chosen[dev.pairs])
        penalties[dev.label] += dev.cost * abs(total - dev.target)
    for reward in problem.rewards:
        earned = pair_chosen[reward.pairs_a].sum() > 0 and (
            len(reward.pairs_b) == 0 or pair_chosen[reward.pairs_b].sum() > 0
        )
        penalties[reward.label] -= reward.reward * int(earned)
    return broken, {k: int(v) for k, v in penalties.items()}


def _structure(problem: MatchingProblem, chosen_items: np.ndarray, pair_chosen) -> list[str]:
    broken = []
    if (pair_chosen > 1).any():
        broken.append("pair chosen twice")
    seat_fill = np.bincount(problem.pair_seat, weights=pair_chosen, minlength=problem.n_seats)
    if (seat_fill > 1).any():
        broken.append("seat filled twice")
    if (problem.seat_must_fill & (seat_fill == 0)).any():
        broken.append("required seat empty")
    options = problem.item_option[chosen_items]
    teams = problem.option_team[options]
    for team in np.unique(teams):
        if len(np.unique(options[teams == team])) > 1:
            broken.append(f"team {team} on two starts")
    if len(problem.pinned_pairs) and (pair_chosen[problem.pinned_pairs] == 0).any():
        broken.append("pinned pair dropped")
    return broken


def _all_one_value(group, pair_chosen) -> bool:
    values = group.values[pair_chosen[group.pairs] > 0]
    return len(values) >= 2 and len(np.unique(values)) == 1


def objective(penalties: dict[str, int]) -> int:
    return int(sum(penalties.values()))
