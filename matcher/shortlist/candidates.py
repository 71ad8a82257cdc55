"""One challenge's candidates against the plan: who may take each seat at each start, why
not, and what each (peer, seat, start) adds to the objective.

Exclusions are boolean masks over all peers, one row per start option, keyed by rule code
(the static ones from matcher.eligibility; H3 busy and H4 days from the plan), so the
pre-checks count them and why-not names them. Points follow matcher.scoring exactly: the
cost of a candidate is what seating that peer adds to `score_solution` of plan + team
(S1, S3, S4 utilisation, S5, S6, S7, S8, minus the seat's unfilled penalty), per peer, for
pruning, alternates and explanations. The model itself is the batch encoder scoped to the
team (matcher.encoding.scoped); the team's breakdown must equal its cost (team_option).
The pair part (S1, S3, S6, S7, S8), S4's utilisation steps and S5 continuity (the batch's
rewards, folded: matcher.encoding.scoped.continuity_points) are the batch encoding's own
code, not a second implementation; the days the fixed rest of the plan takes are read
here from the plan (matcher.plan_usage.PlanUsage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from matcher.eligibility import excluded
from matcher.encoding.points import pair_points, utilisation_points
from matcher.encoding.scoped import continuity_points
from matcher.encoding.types import FixedRest
from matcher.models import Challenge, PeerKind, PlacementStatus, Seat
from matcher.programme import busy_period, start_options
from matcher.rules import RuleId, hard_rules
from matcher.scoring import unfilled_points
from matcher.shortlist.index import ShortlistIndex

WITHDRAWN = "withdrawn"
"""Pseudo-rule of the exclusion masks: peers the request took out."""


@dataclass
class ChallengeView:
    """Masks and points of one challenge's seats at each start option, given the plan."""

    index: ShortlistIndex
    challenge: Challenge
    options: list[date]
    seats: list[Seat]
    exclude_peers: frozenset[str] = frozenset()
    keep: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.keep = self.index.plan.others(self.challenge.challenge_id)
        self._memo: dict[tuple, np.ndarray | dict] = {}

    def _cached(self, key: tuple, make):
        """Per-seat results are asked for many times per request (alternates, reasons)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @cached_property
    def office_seats(self):
        """S4: non-shadow member seats per group office in the plan without this challenge."""
        return self.index.plan.office_seats(self.keep)

    @classmethod
    def of(
        cls,
        index: ShortlistIndex,
        challenge_id: str,
        options: list[date] | None = None,
        exclude_peers=frozenset(),
    ) -> ChallengeView:
        prog = index.programme
        challenge = prog.challenge_by_id[challenge_id]
        return cls(
            index,
            challenge,
            options or start_options(challenge),
            prog.seats_by_challenge[challenge_id],
            frozenset(exclude_peers),
        )

    @property
    def n(self) -> int:
        return self.index.peers.n

    @cached_property
    def plan_days(self) -> np.ndarray:
        """[option, peer]: days used (days_used) plus plan days in the option's year."""
        prog, peers = self.index.programme, self.index.peers
        out = []
        for start in self.options:
            year = prog.financial_year_of(start)
            used = peers.days_used if year == prog.financial_year else 0
            out.append(used + self.index.plan.days_taken(self.keep, year))
        return np.array(out, dtype=np.int64).reshape(len(self.options), self.n)

    @cached_property
    def exclusions(self) -> dict[str, np.ndarray]:
        """Challenge-level masks [option, peer] per rule, from the registry (H3, H4, H5, H6
        and any registered per-start rule), with the plan added to H3 (busy elsewhere)
        and H4 (days the plan takes); 'withdrawn' for peers taken out by the request."""
        elig, ch, plan = self.index.elig, self.challenge, self.index.plan
        per_option = [elig.start_exclusions(ch, start) for start in self.options]
        out = {
            code: np.array([row[code] for row in per_option], dtype=bool).reshape(
                len(self.options), self.n
            )
            for code in (per_option[0] if per_option else {})
        }
        for o, start in enumerate(self.options):
            first, last = (d.toordinal() for d in busy_period(ch, start))
            out[RuleId.H3][o] |= plan.busy_mask(self.keep, first, last)
        out[RuleId.H4] = self.plan_days + ch.charged_days > self.index.peers.cap
        withdrawn = np.zeros(self.n, dtype=bool)
        withdrawn[[self.index.peer_index[p] for p in self.exclude_peers]] = True
        out[WITHDRAWN] = np.broadcast_to(withdrawn, (len(self.options), self.n))
        return out

    @cached_property
    def shadow_exclusions(self) -> dict[str, np.ndarray]:
        """The masks for a shadow seat: each rule's shadow variant where it has one (H6)."""
        out = dict(self.exclusions)
        elig, ch = self.index.elig, self.challenge
        for rule in hard_rules():
            if rule.shadow_start is not None:
                rows = [rule.shadow_start(elig, ch, start) for start in self.options]
                out[rule.code] = np.array(rows, dtype=bool).reshape(len(self.options), self.n)
        return out

    def exclusions_for(self, s: int) -> dict[str, np.ndarray]:
        """The challenge-level masks that apply to seat `s`."""
        return self.shadow_exclusions if self.seats[s].shadow else self.exclusions

    def h1(self, s: int) -> np.ndarray:
        """H1: the seat's population."""
        return self._cached(("h1", s), lambda: self.index.elig.h1_base(self.seats[s]))

    def seat_masks(self, s: int) -> dict[str, np.ndarray]:
        """Per-seat exclusions (H7's party rule and any registered per-seat rule)."""
        return self._cached(
            ("seat", s), lambda: self.index.elig.seat_exclusions(self.challenge, self.seats[s])
        )

    def allowed(self, s: int) -> np.ndarray:
        """[option, peer]: the peer may take seat `s` at that start (H1, H3-H7, ...)."""
        return self._cached(("allowed", s), lambda: self._allowed(s))

    def _allowed(self, s: int) -> np.ndarray:
        seat = self.seats[s]
        base = self.h1(s) & ~excluded(self.seat_masks(s), seat)
        return base[None, :] & ~excluded(self.exclusions_for(s), seat)

    @cached_property
    def pair_part(self) -> dict[str, np.ndarray]:
        """[seat, peer] points by rule of the pair part (S1, S3, S6, S7, S8): the batch
        encoding's own function (matcher.encoding.points), over every peer of each seat."""
        n, n_seats = self.n, len(self.seats)
        points = pair_points(
            self.index.programme,
            self.index.elig,
            self.seats,
            [self.challenge],
            np.zeros(n_seats, dtype=np.int64),
            np.repeat(np.arange(n_seats, dtype=np.int64), n),
            np.tile(np.arange(n, dtype=np.int64), n_seats),
        )
        return {label: points[label].reshape(n_seats, n) for label in points}

    @cached_property
    def continuity(self) -> np.ndarray:
        """[seat, peer] S5 points against the plan, both ways (a member of the original
        team this challenge follows; a peer of a progress review of it in the plan): the
        batch encoder's continuity rewards over every peer of each seat."""
        n, n_seats = self.n, len(self.seats)
        points = continuity_points(
            self.index.programme,
            self.index.elig,
            FixedRest(self.index.plan, self.keep),
            self.challenge,
            self.seats,
            np.repeat(np.arange(n_seats, dtype=np.int64), n),
            np.tile(np.arange(n, dtype=np.int64), n_seats),
        )
        return points.reshape(n_seats, n)

    def seat_points(self, s: int) -> dict[str, np.ndarray]:
        """Points by rule of each peer in seat `s`: arrays [peer] or [option, peer] (S4)."""
        return self._cached(("points", s), lambda: self._seat_points(s))

    def _seat_points(self, s: int) -> dict[str, np.ndarray]:
        prog, seat = self.index.programme, self.seats[s]
        zero = np.zeros(self.n, dtype=np.int64)
        pair = {label: values[s] for label, values in self.pair_part.items()}
        if seat.shadow:
            s4 = np.zeros((len(self.options), self.n), np.int64)
        else:
            s4 = self.utilisation
        return {
            RuleId.S1: pair[RuleId.S1],
            RuleId.S3: pair[RuleId.S3],
            RuleId.S4: s4,
            RuleId.S5: self.continuity[s],
            RuleId.S6: pair[RuleId.S6],
            RuleId.S7: self._stability(s),
            RuleId.S8: pair.get(RuleId.S8, zero),
            "unfilled": np.full(self.n, -unfilled_points(seat, prog.settings.unfilled_penalty)),
        }

    def proposed_peers(self, s: int) -> np.ndarray:
        """[peer]: proposed in seat `s` (S7 keeps them where possible)."""
        kept = np.zeros(self.n, dtype=bool)
        for pl in self._proposed(s):
            kept[self.index.peer_index[pl.peer_id]] = True
        return kept

    def _proposed(self, s: int) -> list:
        seat_id = self.seats[s].seat_id
        placements = self.index.placements_of(self.challenge.challenge_id, PlacementStatus.PROPOSED)
        return [pl for pl in placements if pl.seat_id == seat_id]

    def _stability(self, s: int) -> np.ndarray:
        """S7 of seat `s`: the bonus for keeping a proposed peer, [peer]; where a proposal
        names a start, plus `start_moved_weight` at every other start, [option, peer]
        (matcher.scoring._score_moved_starts)."""
        prog = self.index.programme
        points = self.pair_part[RuleId.S7][s]
        days = np.array([d.toordinal() for d in self.options], dtype=np.int64)
        moved = np.zeros(len(self.options), dtype=np.int64)
        for pl in self._proposed(s):
            if pl.start_date is not None:
                moved += prog.settings.start_moved_weight * (days != pl.start_date.toordinal())
        return points if not moved.any() else points[None, :] + moved[:, None]

    @cached_property
    def utilisation(self) -> np.ndarray:
        """S4 points [option, peer] of the days a non-shadow seat adds (convex in days)."""
        weight = self.index.programme.settings.weight(RuleId.S4)
        return utilisation_points(
            self.plan_days, self.challenge.charged_days, self.index.peers.cap[None, :], weight
        )

    def seat_cost(self, s: int) -> np.ndarray:
        """[option, peer]: total points of a peer in seat `s` at each start (pair part)."""
        return self._cached(
            ("cost", s),
            lambda: sum(
                np.broadcast_to(v, (len(self.options), self.n))
                for v in self.seat_points(s).values()
            ),
        )

    def is_member_seat(self, s: int) -> bool:
        seat = self.seats[s]
        return seat.kind is PeerKind.MEMBER and not seat.shadow
