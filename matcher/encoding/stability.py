"""S7 stability in the encoding: a proposed team keeps its start where possible, and the
previous plan is the solve's warm start.

A re-plan (matcher.workflow.pins.pinned_programme) passes the seats in play as proposed
placements with their start. S7's pair bonus keeps their peers; this module adds what
keeps their dates: for each proposed placement with a start, the seat's items at any
other start form a capacity whose penalty is the setting `start_moved_weight` once the
seat is filled there (matcher.scoring charges the same per proposed seat, so the
validator's total still equals the solver's). A per-seat charge rather than one per
challenge: the core's item penalties are convex, and a once-per-team step would need a
cost on the team's start option that the core problem does not have.

`previous_plan_guide` marks the items the placements name (peer, seat and start), for
the greedy to rebuild that plan first (solver.greedy's guide): the search then starts
from the year as it stands instead of from a fresh greedy year.
"""

from __future__ import annotations

import numpy as np

from matcher.encoding.parts import find_pairs
from matcher.encoding.types import Encoding
from matcher.models import PlacementStatus
from matcher.rules import RuleId
from solver.problem import Capacity


def _seat_items(enc: Encoding) -> dict[tuple[str, str], np.ndarray]:
    """Item indices of each seat, keyed by (challenge, seat)."""
    p = enc.problem
    item_seat = p.pair_seat[p.item_pair]
    order = np.argsort(item_seat, kind="stable")
    bounds = np.searchsorted(item_seat[order], np.arange(len(enc.seats) + 1))
    return {
        (s.challenge_id, s.seat_id): order[bounds[i] : bounds[i + 1]]
        for i, s in enumerate(enc.seats)
    }


def start_kept_capacities(enc: Encoding) -> list[Capacity]:
    """S7: one penalty per proposed seat (with a start) filled at another start."""
    weight = enc.programme.settings.start_moved_weight
    proposed = [
        pl
        for pl in enc.programme.placements
        if pl.status is PlacementStatus.PROPOSED and pl.start_date is not None
    ]
    if weight == 0 or not proposed:
        return []
    p = enc.problem
    item_day = np.array([d.toordinal() for d in enc.option_dates], dtype=np.int64)[p.item_option]
    by_seat = _seat_items(enc)
    out = []
    for pl in proposed:
        items = by_seat.get((pl.challenge_id, pl.seat_id), np.zeros(0, dtype=np.int64))
        moved = items[item_day[items] != pl.start_date.toordinal()]
        if len(moved):
            out.append(
                Capacity(
                    items=moved,
                    weights=np.ones(len(moved), dtype=np.int64),
                    limit=1,  # a seat holds one item at most: never binding
                    label=RuleId.S7,
                    penalty_offsets=(0,),
                    penalty_slopes=(weight,),
                )
            )
    return out


def previous_plan_guide(enc: Encoding) -> np.ndarray | None:
    """1.0 on each item a placement with a start names (peer, seat, start), else 0;
    None when no placement names a start (nothing to warm-start from)."""
    dated = [pl for pl in enc.programme.placements if pl.start_date is not None]
    index = enc.eligibility.peer_index
    seats = {(s.challenge_id, s.seat_id): i for i, s in enumerate(enc.seats)}
    dated = [pl for pl in dated if pl.peer_id in index and (pl.challenge_id, pl.seat_id) in seats]
    if not dated:
        return None
    p = enc.problem
    pairs = find_pairs(
        enc,
        np.array([seats[(pl.challenge_id, pl.seat_id)] for pl in dated], dtype=np.int64),
        np.array([index[pl.peer_id] for pl in dated], dtype=np.int64),
    )
    day_of_pair = np.full(p.n_pairs, -1, dtype=np.int64)
    found = pairs >= 0
    days = np.array([pl.start_date.toordinal() for pl in dated], dtype=np.int64)
    day_of_pair[pairs[found]] = days[found]
    item_day = np.array([d.toordinal() for d in enc.option_dates], dtype=np.int64)[p.item_option]
    return (item_day == day_of_pair[p.item_pair]).astype(float)
