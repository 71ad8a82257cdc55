"""The pair part of the objective, once: what seating a peer in a seat costs by itself.

S1 fit, S3 expenses, S6 requested peer, S7 proposed placement kept and S8 repeat visit
depend only on the (seat, peer) pair, not on the rest of the plan. They are computed here
for any columns of pairs, so the batch encoding (matcher.encoding.parts.pair_costs: every
candidate pair of the programme) and the shortlist (matcher.shortlist.candidates: every
peer for each seat of one challenge) read the same numbers. The units are those of
matcher.scoring, which the validator recomputes on its own.

The plan-dependent parts (S4 utilisation of the days a peer has left, S5 continuity
with a team of the plan, S2 and S4 shares over a whole team) are constraint groups of the
encoding (matcher.encoding.constraints), which the one-team encoding
(matcher.encoding.scoped) builds with the fixed rest of the year; the shortlist's per-peer
points for pruning and explanations share S4's steps through `utilisation_thresholds`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from matcher.eligibility import Eligibility
from matcher.encoding.types import proposed_and_confirmed
from matcher.models import Challenge, Seat
from matcher.programme import Programme
from matcher.rules import RuleId
from matcher.rules.s1_fit import fit_units_vec
from matcher.rules.s8_fresh_eyes import repeat_visits
from matcher.scoring import LONDON_REGION, UTILISATION_STEPS, expense_gbp, whole_pounds

PAIR_LABELS = (RuleId.S1, RuleId.S3, RuleId.S6, RuleId.S7, RuleId.S8)
"""The rules whose points `pair_points` gives (S8 only where some pair has any)."""


def pair_points(
    programme: Programme,
    elig: Eligibility,
    seats: Sequence[Seat],
    teams: Sequence[Challenge],
    seat_team: np.ndarray,
    pair_seat: np.ndarray,
    pair_peer: np.ndarray,
) -> dict[str, np.ndarray]:
    """Points by rule of each pair (seats[pair_seat[i]], peer pair_peer[i]), where seat
    s belongs to teams[seat_team[s]]: S1, S3, S6, S7 and, where any pair has some, S8."""
    peers = elig.peers
    w = programme.settings.weight
    pair_seat = np.asarray(pair_seat, dtype=np.int64)
    pair_peer = np.asarray(pair_peer, dtype=np.int64)
    seat_team = np.asarray(seat_team, dtype=np.int64)
    pair_team = seat_team[pair_seat]
    pref = np.array(
        [peers.tag_mask(s.preferred_tags) if s.preferred_tags else 0 for s in seats],
        dtype=np.int64,
    )
    has_pref = np.array([bool(s.preferred_tags) for s in seats], dtype=bool)
    shadow = np.array([s.shadow for s in seats], dtype=bool)
    type_bit = np.array(
        [1 << peers.type_bits[programme.councils[c.council].type.value] for c in teams],
        dtype=np.int64,
    )
    units = fit_units_vec(
        peers.tags[pair_peer],
        peers.council_types[pair_peer],
        pref[pair_seat],
        has_pref[pair_seat],
        type_bit[pair_team],
    )
    fit = np.where(shadow[pair_seat], 0, units)
    pounds = whole_pounds(_expenses(programme, elig, teams, pair_team, pair_peer))
    costs = {RuleId.S1: w(RuleId.S1) * fit, RuleId.S3: w(RuleId.S3) * pounds}
    costs[RuleId.S6], costs[RuleId.S7] = _bonuses(
        programme, elig, seats, teams, pair_team, pair_seat, pair_peer
    )
    repeats = _repeats(programme, elig, teams, pair_team, pair_peer)
    s8 = w(RuleId.S8) * np.where(shadow[pair_seat], 0, repeats)
    if s8.any():  # a label of zeros only slows the model down
        costs[RuleId.S8] = s8
    return costs


def _expenses(programme, elig, teams, pair_team, pair_peer) -> np.ndarray:
    """S3 expense in pounds of every pair (vectorised, as matcher.scoring)."""
    reg = programme.councils
    client = np.array([reg.index[c.council] for c in teams], dtype=np.int64)[pair_team]
    london = np.array([reg[c.council].region == LONDON_REGION for c in teams], dtype=bool)
    nights = np.array([c.onsite_days for c in teams], dtype=np.int64)[pair_team]
    miles = reg.distance_miles[elig.peers.home[pair_peer], client]
    return expense_gbp(miles, nights, london[pair_team])


def _repeats(programme, elig, teams, pair_team, pair_peer) -> np.ndarray:
    """S8: 1 where the pair's peer served the team's client within 3 years."""
    team_of = {c.challenge_id: t for t, c in enumerate(teams)}
    index = elig.peer_index
    n_peers = len(index)
    keys = [
        team_of[c] * n_peers + index[q]
        for q, c in repeat_visits(programme)
        if q in index and c in team_of
    ]
    return np.isin(pair_team * n_peers + pair_peer, keys).astype(np.int64)


def _bonuses(programme, elig, seats, teams, pair_team, pair_seat, pair_peer):
    """S6: a requested peer on the team; S7: a proposed placement kept (negative points)."""
    index = elig.peer_index
    n_peers = len(index)
    requested = [
        t * n_peers + index[r] for t, c in enumerate(teams) for r in c.requests if r in index
    ]
    seat_of = {(s.challenge_id, s.seat_id): i for i, s in enumerate(seats)}
    proposed = [
        seat_of[(c, s)] * n_peers + index[q]
        for c, s, q in proposed_and_confirmed(programme)[0]
        if (c, s) in seat_of and q in index
    ]
    w = programme.settings.weight
    s6 = -w(RuleId.S6) * np.isin(pair_team * n_peers + pair_peer, requested).astype(np.int64)
    s7 = -w(RuleId.S7) * np.isin(pair_seat * n_peers + pair_peer, proposed).astype(np.int64)
    return s6, s7


def utilisation_thresholds(cap, used) -> list:
    """S4: for each of UTILISATION_STEPS, the days of load above which its slope applies,
    net of the days already `used` (scalars or arrays; scoring.utilisation_units)."""
    if np.ndim(cap) == 0 and np.ndim(used) == 0:
        return [max(0, math.floor(cap * share) - used) for share, _ in UTILISATION_STEPS]
    return [
        np.maximum(0, np.floor(cap * share).astype(np.int64) - used)
        for share, _ in UTILISATION_STEPS
    ]


def utilisation_points(before: np.ndarray, added: int, cap: np.ndarray, weight: int):
    """S4 points of `added` days on top of `before` days (used + plan) for each peer: the
    convex penalty the batch's day caps carry (matcher.encoding.constraints.day_caps)."""
    thresholds = utilisation_thresholds(cap, 0)

    def cost(days):
        return sum(
            step * np.maximum(0, days - t)
            for t, (_, step) in zip(thresholds, UTILISATION_STEPS, strict=True)
        )

    return weight * (cost(before + added) - cost(before))
