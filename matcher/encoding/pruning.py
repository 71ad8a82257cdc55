"""Pruning: which candidates each model keeps, in one place.

Every model keeps a seat's cheapest candidates plus those a rule singles out (requested,
proposed, confirmed, continuity, and a few per diversity attribute and per party so that
S2 minimums and H7's mix stay possible): `keep_cheapest`, for the batch encoder
(matcher.encoding.parts.prune, by pair cost: the whole year is free) and the shortlist
(by a candidate's cheapest cost over its starts given the fixed rest of the year). The
numbers trade model size for the chance of cutting the optimum; the benchmarks measure
the batch's cost against an unpruned run.
"""

from __future__ import annotations

import numpy as np

BATCH_TOP_K = 24
"""Batch: cheapest candidates kept per seat (about a tenfold smaller model)."""
BATCH_DIVERSITY_KEEP = 8
"""Batch: cheapest candidates per seat with each wanted diversity attribute."""
BATCH_PARTY_KEEP = 4
"""Batch: cheapest member candidates per seat of each party."""

SHORTLIST_TOP_N = 12
"""Shortlist: cheapest candidates per seat in the first k-best model."""
SHORTLIST_WIDER_TOP_N = 48
"""Shortlist: the wider model tried when the first finds too few teams."""
SHORTLIST_DIVERSITY_KEEP = 4
SHORTLIST_PARTY_KEEP = 3
WAIVER_PER_WAY = 8
"""Diagnosis and relaxation: peers per seat and way into it (set of waived rules)."""

GAP_EXISTING_PER_SEAT = 30
"""What-if gap model: existing peers per unfilled seat, fewest extra days first."""


def keep_cheapest(
    pair_seat: np.ndarray,
    cost: np.ndarray,
    top_k: int,
    singled_out: np.ndarray,
    groups: list[tuple[np.ndarray, int]] = (),
) -> np.ndarray:
    """Mask of the pairs kept: each seat's `top_k` cheapest, every `singled_out` one, and
    for each (subset mask, k) of `groups` each seat's k cheapest of the subset. Ties go to
    the lower pair index."""
    by_cost = _by_seat_and_cost(pair_seat, cost)
    keep = _top_per_seat(pair_seat, by_cost, np.ones(len(pair_seat), dtype=bool), top_k)
    keep |= singled_out
    for subset, k in groups:
        keep |= _top_per_seat(pair_seat, by_cost, subset, k)
    return keep


def _top_per_seat(seat: np.ndarray, by_cost: np.ndarray, subset: np.ndarray, k: int) -> np.ndarray:
    """Mask of the `k` cheapest pairs per seat among `subset` (ties by index).

    `by_cost` is every pair sorted by (seat, cost, index), sorted once for all subsets."""
    order = by_cost[subset[by_cost]]
    if len(order) == 0:
        return np.zeros(len(seat), dtype=bool)
    sorted_seats = seat[order]
    position = np.arange(len(order))
    run_start = np.r_[True, sorted_seats[1:] != sorted_seats[:-1]]  # first pair of a seat
    rank = position - np.maximum.accumulate(np.where(run_start, position, 0))
    keep = np.zeros(len(seat), dtype=bool)
    keep[order[rank < k]] = True
    return keep


def _by_seat_and_cost(seat: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Pair indices sorted by (seat, cost, index): one stable sort of a combined integer
    key, about 4 times faster than `np.lexsort` on the 7 M candidate pairs at L."""
    if len(cost) == 0:
        return np.zeros(0, dtype=np.int64)
    low, span = int(cost.min()), int(cost.max()) - int(cost.min()) + 1
    if span * (int(seat.max()) + 1) >= 2**62:
        return np.lexsort((cost, seat))
    key = seat.astype(np.int64) * span + (cost.astype(np.int64) - low)
    return np.argsort(key, kind="stable")
