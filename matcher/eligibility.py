"""Vectorised eligibility: which peers may take which seat at which start, and why not.

Everything is a boolean mask over all peers, computed once per (challenge, start option)
and once per seat, so no Python loop ever runs over peer x seat pairs. Each mask is the
set of peers a rule *excludes*, keyed by rule code, and comes from the rule's own module
through the registry (matcher.rules): `start_exclusions` (H3 unavailable, H4 days used
before this plan, H5, H6 and any registered per-start rule), `seat_exclusions` (H7's party
rule and any registered per-seat rule; H1 is the seat's population) and `excluded`, the
one union of them. H2, H8, the overlap part of H3, the running day totals of H4 and H7's
mix depend on the whole plan and are constraints of the model, not exclusions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce

import numpy as np

from matcher.models import Challenge, Seat
from matcher.peer_arrays import PeerArrays, peer_arrays
from matcher.programme import Programme, start_options
from matcher.rules import RuleId, hard_rules
from matcher.rules.h1_seats import population


class Eligibility:
    """Exclusion masks for one programme; cheap to query per challenge and seat. It is the
    context the rule modules' exclusions read (peers as columns, `memo` side tables)."""

    def __init__(self, programme: Programme):
        self.programme = programme
        self.peers: PeerArrays = peer_arrays(programme)
        self.peer_index = {pid: i for i, pid in enumerate(self.peers.ids)}
        self._memo: dict[str, object] = {}

    def memo(self, key: str, make):
        """A side table a rule builds once per programme (e.g. H5's conflict columns)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def h1_base(self, seat: Seat) -> np.ndarray:
        """H1: the seat's population (right kind, a required tag, lead peer if needed)."""
        return population(self, None, seat)

    def start_exclusions(
        self, challenge: Challenge, start: date, shadow: bool = False
    ) -> dict[str, np.ndarray]:
        """Per-start exclusion masks keyed by rule code, in catalogue order (for a shadow
        seat, a rule's shadow variant where it has one)."""
        return {
            r.code: (r.shadow_start if shadow and r.shadow_start else r.per_start)(
                self, challenge, start
            )
            for r in hard_rules()
            if r.per_start
        }

    def seat_exclusions(self, challenge: Challenge, seat: Seat) -> dict[str, np.ndarray]:
        """Per-seat exclusion masks (not H1, which is the population), in catalogue order."""
        return {
            r.code: r.per_seat(self, challenge, seat)
            for r in hard_rules()
            if r.per_seat and r.code != RuleId.H1
        }


def excluded(masks: dict[str, np.ndarray], seat: Seat, skip=frozenset()) -> np.ndarray:
    """The one union of exclusion masks: every rule's mask that applies to `seat`
    (a shadow seat is exempt from H4), except the codes in `skip`. Masks may be [peer]
    or [option, peer]; the result broadcasts like them."""
    exempt = {r.code for r in hard_rules() if r.shadow_exempt} if seat.shadow else set()
    parts = [m for code, m in masks.items() if code not in skip and code not in exempt]
    return np.asarray(reduce(np.logical_or, parts, np.False_))


def allowed_peers(
    elig: Eligibility, challenge: Challenge, seat: Seat, starts: list[date], skip=frozenset()
) -> np.ndarray:
    """[start, peer]: in the seat's population and excluded by no rule (but `skip`)."""
    base = elig.h1_base(seat) & ~excluded(elig.seat_exclusions(challenge, seat), seat, skip)
    rows = [
        base & ~excluded(elig.start_exclusions(challenge, s, seat.shadow), seat, skip)
        for s in starts
    ]
    return np.array(rows, dtype=bool).reshape(len(starts), elig.peers.n)


@dataclass(frozen=True)
class SeatCandidates:
    """The peers that may take one seat, and at which of its team's start options."""

    seat: Seat
    peers: np.ndarray
    allowed: np.ndarray
    """Boolean [len(peers), n_options]: the peer may take the seat at that start."""


def seat_candidates(
    elig: Eligibility, challenge: Challenge, seats: list[Seat]
) -> tuple[list[date], list[SeatCandidates]]:
    """Candidates of every seat of `challenge` (one pass over its start options: the
    per-start union depends only on whether a seat is a shadow, so it is made once)."""
    options = start_options(challenge)
    blocked = {}
    for seat in seats:
        if seat.shadow not in blocked:
            rows = [elig.start_exclusions(challenge, start, seat.shadow) for start in options]
            blocked[seat.shadow] = np.stack([excluded(ex, seat) for ex in rows])
    out = []
    for seat in seats:
        base = elig.h1_base(seat) & ~excluded(elig.seat_exclusions(challenge, seat), seat)
        # [start, peer], so the OR over starts runs along whole rows: `any(axis=1)` over
        # every peer's short row cost 1.4 s at L
        allowed = base[None, :] & ~blocked[seat.shadow]
        peers = np.flatnonzero(allowed.any(axis=0))
        out.append(SeatCandidates(seat, peers, np.ascontiguousarray(allowed[:, peers].T)))
    return options, out
