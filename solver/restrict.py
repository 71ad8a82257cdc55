"""Restrict a MatchingProblem to some teams, with the rest of a plan held fixed.

The sub-problem has only the free teams' seats, options and items; what the fixed part
of the plan already uses is folded in: items that overlap a fixed chosen item are gone,
capacities lose the fixed load (their penalty offsets shift with it), count bounds and
deviation targets lose the fixed contributions, and a reward side already met by the
fixed plan no longer needs to be met. Its objective equals the full objective minus a
constant, so optimising it optimises the whole plan over the free teams.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from solver.problem import Capacity, CountGroup, Deviation, MatchingProblem, MixGroup, Reward


@dataclass
class Restriction:
    problem: MatchingProblem
    item_map: np.ndarray
    """Sub item index -> full item index."""
    option_map: np.ndarray
    fixed_items: np.ndarray
    """Chosen items of the fixed teams (kept as they are)."""
    pair_map: np.ndarray
    """Sub pair index -> full pair index."""


def _renumber(mask: np.ndarray) -> np.ndarray:
    new = np.full(len(mask), -1, dtype=np.int64)
    new[mask] = np.arange(int(mask.sum()))
    return new


def restrict(
    problem: MatchingProblem, free_teams: np.ndarray, chosen_items: np.ndarray
) -> Restriction:
    """The sub-problem over `free_teams` (boolean per team) given the plan `chosen_items`."""
    p = problem
    chosen = np.zeros(p.n_items, dtype=bool)
    chosen[chosen_items] = True
    item_free = free_teams[p.option_team[p.item_option]]
    fixed_chosen = chosen & ~item_free
    blocked = _blocked_by(p.cliques, fixed_chosen)
    keep_item = item_free & ~blocked
    seat_free = free_teams[p.seat_team]
    pair_free = seat_free[p.pair_seat]
    pair_has_item = np.bincount(p.item_pair[keep_item], minlength=p.n_pairs) > 0
    keep_pair = pair_free & pair_has_item
    option_free = free_teams[p.option_team]
    new_item, new_pair = _renumber(keep_item), _renumber(keep_pair)
    new_seat, new_option = _renumber(seat_free), _renumber(option_free)
    new_team = _renumber(free_teams)
    pair_fixed_chosen = np.bincount(p.item_pair[fixed_chosen], minlength=p.n_pairs) > 0
    ctx = _Context(new_item, new_pair, keep_item, keep_pair, fixed_chosen, pair_fixed_chosen)
    sub = MatchingProblem(
        seat_team=new_team[p.seat_team[seat_free]],
        seat_must_fill=p.seat_must_fill[seat_free],
        seat_unfilled_cost=p.seat_unfilled_cost[seat_free],
        option_team=new_team[p.option_team[option_free]],
        option_time=None if p.option_time is None else p.option_time[option_free],
        pair_peer=p.pair_peer[keep_pair],
        pair_seat=new_seat[p.pair_seat[keep_pair]],
        pair_costs={label: c[keep_pair] for label, c in p.pair_costs.items()},
        item_pair=new_pair[p.item_pair[keep_item]],
        item_option=new_option[p.item_option[keep_item]],
        item_costs={label: c[keep_item] for label, c in p.item_costs.items()},
        cliques=_kept_cliques(p.cliques, keep_item, new_item),
        capacities=[c for c in (_capacity(ctx, q) for q in p.capacities) if c is not None],
        counts=[c for c in (_count(ctx, q) for q in p.counts) if c is not None],
        mixes=[m for m in (_mix(ctx, q) for q in p.mixes) if m is not None],
        deviations=[_deviation(ctx, d) for d in p.deviations],
        rewards=[r for r in (_reward(ctx, q) for q in p.rewards) if r is not None],
        pinned_pairs=_pairs(ctx, p.pinned_pairs),
        hint_items=new_item[chosen_items[keep_item[chosen_items]]],
        unfilled_label=p.unfilled_label,
    )
    return Restriction(
        sub,
        np.flatnonzero(keep_item),
        np.flatnonzero(option_free),
        np.flatnonzero(fixed_chosen),
        np.flatnonzero(keep_pair),
    )


_JOINED: dict[int, tuple[list, np.ndarray, np.ndarray]] = {}
"""Cliques joined end to end, by the list's id (the list is kept, so the id stays its
own; a list grown since is joined again): the LNS restricts the same problem hundreds
of times."""


def _joined(cliques: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(every clique's items end to end, the clique each entry belongs to)."""
    hit = _JOINED.get(id(cliques))
    if hit is None or hit[0] is not cliques or hit[2][-1:].tolist() != [len(cliques) - 1]:
        if len(_JOINED) >= 4:
            _JOINED.clear()
        flat = np.concatenate(cliques)
        owner = np.repeat(np.arange(len(cliques)), [len(c) for c in cliques])
        hit = _JOINED[id(cliques)] = (cliques, flat, owner)
    return hit[1], hit[2]


def _blocked_by(cliques: list[np.ndarray], fixed_chosen: np.ndarray) -> np.ndarray:
    """Items sharing a clique with a fixed chosen item. One pass over the cliques joined
    end to end, not a numpy call per clique: at L (80k cliques) the loop took most of a
    time block's relaxation and of each LNS step's restriction."""
    blocked = np.zeros(len(fixed_chosen), dtype=bool)
    if not cliques or not fixed_chosen.any():
        return blocked
    flat, owner = _joined(cliques)
    hit = np.zeros(len(cliques), dtype=bool)
    hit[owner[fixed_chosen[flat]]] = True
    blocked[flat[hit[owner]]] = True
    return blocked


def _kept_cliques(
    cliques: list[np.ndarray], keep_item: np.ndarray, new_item: np.ndarray
) -> list[np.ndarray]:
    """The cliques renumbered to the kept items, those left with two or more, in order;
    joined end to end once rather than a numpy call per clique (as _blocked_by)."""
    if not cliques:
        return []
    flat, owner = _joined(cliques)
    kept = keep_item[flat]
    flat, owner = new_item[flat[kept]], owner[kept]
    sizes = np.bincount(owner, minlength=len(cliques))
    starts = np.concatenate([[0], np.cumsum(sizes)])
    return [flat[starts[q] : starts[q + 1]] for q in np.flatnonzero(sizes >= 2)]


@dataclass
class _Context:
    new_item: np.ndarray
    new_pair: np.ndarray
    keep_item: np.ndarray
    keep_pair: np.ndarray
    fixed_item: np.ndarray
    fixed_pair: np.ndarray


def _items(ctx: _Context, items: np.ndarray) -> np.ndarray:
    return ctx.new_item[items[ctx.keep_item[items]]]


def _pairs(ctx: _Context, pairs: np.ndarray) -> np.ndarray:
    return ctx.new_pair[pairs[ctx.keep_pair[pairs]]]


def _capacity(ctx: _Context, cap: Capacity) -> Capacity | None:
    fixed = int(cap.weights[ctx.fixed_item[cap.items]].sum())
    free = ctx.keep_item[cap.items]
    if not free.any():
        return None
    return replace(
        cap,
        items=ctx.new_item[cap.items[free]],
        weights=cap.weights[free],
        limit=cap.limit - fixed,
        penalty_offsets=tuple(o - fixed for o in cap.penalty_offsets),
    )


def _count(ctx: _Context, group: CountGroup) -> CountGroup | None:
    fixed = int(ctx.fixed_pair[group.pairs].sum())
    pairs = _pairs(ctx, group.pairs)
    if len(pairs) == 0:
        return None
    return replace(group, pairs=pairs, lo=group.lo - fixed, hi=group.hi - fixed)


def _mix(ctx: _Context, group: MixGroup) -> MixGroup | None:
    free = ctx.keep_pair[group.pairs]
    if not free.any():
        return None
    if ctx.fixed_pair[group.pairs].any():
        raise ValueError(f"mix group {group.label} spans free and fixed teams")
    return replace(group, pairs=ctx.new_pair[group.pairs[free]], values=group.values[free])


def _deviation(ctx: _Context, dev: Deviation) -> Deviation:
    fixed = int(dev.coefs[ctx.fixed_pair[dev.pairs]].sum())
    free = ctx.keep_pair[dev.pairs]
    return replace(
        dev, pairs=ctx.new_pair[dev.pairs[free]], coefs=dev.coefs[free], target=dev.target - fixed
    )


def _reward(ctx: _Context, reward: Reward) -> Reward | None:
    """Drop a reward the fixed plan decides; a side the fixed plan meets drops out."""
    met_b = len(reward.pairs_b) == 0 or ctx.fixed_pair[reward.pairs_b].any()
    met_a = ctx.fixed_pair[reward.pairs_a].any()
    a, b = _pairs(ctx, reward.pairs_a), _pairs(ctx, reward.pairs_b)
    if met_a and met_b:
        return None
    if met_a:
        return replace(reward, pairs_a=b, pairs_b=np.zeros(0, dtype=np.int64)) if len(b) else None
    if met_b:
        return replace(reward, pairs_a=a, pairs_b=np.zeros(0, dtype=np.int64)) if len(a) else None
    return replace(reward, pairs_a=a, pairs_b=b) if len(a) and len(b) else None
