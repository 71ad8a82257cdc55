"""Ranked alternates per seat: the best other peers that keep the rest of the team valid.

For seat s of a team at its start, every peer of the whole pool is screened at once
(not only the model's pruned candidates): allowed for the seat at that start (H1, H3-H7
against the plan), not already on the team (H2), no teammate from the same home (H8),
the members not all of one party (H7 mix) and required diversity minimums still met (S2
made hard). The survivors are ranked by the score difference the swap makes (pair points
plus the team-level S2 and S4 share terms), each with the reasons from the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matcher.rules import RuleId
from matcher.scoring import SHARE_UNITS_PER_SEAT
from matcher.shortlist.explain import difference_reasons
from matcher.shortlist.problem import attribute_columns
from matcher.shortlist.teams import TeamState, member_parties, team_terms


@dataclass
class Alternate:
    """Another peer for one seat with the rest of the team unchanged."""

    seat_id: str
    peer_id: str
    name: str
    score_difference: int
    """Points this swap adds to the team's score (>= 0 for the best team's seats)."""
    reasons: list[str] = field(default_factory=list)


def valid_alternates(state: TeamState, s: int) -> np.ndarray:
    """Mask over all peers: may replace the holder of seat `s` keeping the team valid."""
    view, rest = state.view, state.rest(s)
    peers = view.index.peers
    ok = view.allowed(s)[state.option].copy()
    ok[list(rest.values())] = False
    ok[state.seats[s]] = False
    ok &= ~np.isin(peers.home, peers.home[list(rest.values())])
    parties = member_parties(state, rest)
    mix_seats = sum(view.is_member_seat(k) for k in range(len(view.seats)))
    if view.is_member_seat(s) and mix_seats >= 2 and len(set(parties)) == 1:
        ok &= peers.party != parties[0]
    ch = view.challenge
    if ch.diversity_required and not view.seats[s].shadow:
        have = state.attribute_counts(rest)
        for attribute, column in attribute_columns(view).items():
            if have[attribute] < getattr(ch, attribute):
                ok &= column if have[attribute] + 1 >= getattr(ch, attribute) else False
    return ok


def swap_costs(state: TeamState, s: int, candidates: np.ndarray) -> np.ndarray:
    """Score difference of putting each candidate peer in seat `s` (vectorised)."""
    view = state.view
    cost = view.seat_cost(s)[state.option]
    diff = cost[candidates] - cost[state.seats[s]]
    rest = state.rest(s)
    base = team_terms(state, state.seats)
    seat = view.seats[s]
    ch, prog = view.challenge, view.index.programme
    if not ch.diversity_required and not seat.shadow:
        have = state.attribute_counts(rest)
        w = prog.settings.weight(RuleId.S2)
        for attribute, column in attribute_columns(view).items():
            lo = getattr(ch, attribute)
            diff += w * np.maximum(0, lo - have[attribute] - column[candidates].astype(np.int64))
            diff -= w * max(0, lo - have[attribute] - int(column[state.seats[s]]))
    if view.is_member_seat(s):
        diff += _share_terms(state, rest, candidates) - base[RuleId.S4]
    return diff


def _share_terms(state: TeamState, rest: dict[int, int], candidates: np.ndarray) -> np.ndarray:
    """S4 share term of the team `rest` + each candidate (member seat), per candidate."""
    view = state.view
    unit = view.index.programme.settings.weight(RuleId.S4) * SHARE_UNITS_PER_SEAT
    now = view.office_seats
    added = state.office_counts(rest)
    office = view.index.office_code[candidates]
    out = np.zeros(len(candidates), dtype=np.int64)
    for g, t in view.index.targets.items():
        base = now.get(g, 0) + added.get(g, 0)
        out += unit * (np.abs(base + (office == g) - t) - abs(now.get(g, 0) - t))
    return out


def alternates(state: TeamState, s: int, m: int) -> list[Alternate]:
    """Up to `m` alternates for seat `s`, best (smallest score difference) first."""
    if m <= 0:
        return []
    view = state.view
    candidates = np.flatnonzero(valid_alternates(state, s))
    if len(candidates) == 0:
        return []
    diff = swap_costs(state, s, candidates)
    order = np.lexsort((candidates, diff))[:m]
    prog = view.index.programme
    return [
        Alternate(
            view.seats[s].seat_id,
            prog.peers[q].peer_id,
            prog.peers[q].name,
            int(diff[i]),
            difference_reasons(state, s, int(q)),
        )
        for i, q in zip(order.tolist(), candidates[order].tolist(), strict=True)
    ]
