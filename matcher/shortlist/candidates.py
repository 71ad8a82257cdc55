"""One challenge's candidates against the plan: who may take each seat at each start, why
not, and what each (peer, seat, start) adds to the objective.

Exclusions are boolean masks over all peers, one row per start option, keyed by rule code
(the static ones from matcher.eligibility; H3 busy and H4 days from the plan), so the
pre-checks count them and why-not names them. Points follow matcher.scoring exactly: the
cost of a candidate is what seating that peer adds to `score_solution` of plan + team
(S1, S3, S4 utilisation, S5, S6, S7, minus the seat's unfilled penalty); the team-level
parts (S2 minimums, S4 group-office shares) are added by matcher.shortlist.problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from matcher.eligibility import excluded
from matcher.models import Challenge, PeerKind, PlacementStatus, Seat
from matcher.programme import busy_period, start_options
from matcher.rules import RuleId, hard_rules
from matcher.rules.s1_fit import fit_units_vec
from matcher.rules.s5_continuity import past_team
from matcher.rules.s8_fresh_eyes import repeat_visits
from matcher.scoring import (
    LONDON_REGION,
    UTILISATION_STEPS,
    expense_gbp,
    nights,
    unfilled_points,
    whole_pounds,
)
from matcher.shortlist.index import ShortlistIndex

WITHDRAWN = "withdrawn"
"""Pseudo-rule of the exclusion masks: peers the request took out."""


def utilisation_vec(before: np.ndarray, added: int, cap: np.ndarray) -> np.ndarray:
    """S4 units of `added` days on top of `before` (scoring.utilisation_units, vectorised)."""

    def cost(days):
        return sum(
            w * np.maximum(0, days - np.floor(cap * share).astype(np.int64))
            for share, w in UTILISATION_STEPS
        )

    return cost(before + added) - cost(before)


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
            out.append(used + self.index.plan.days(self.n, self.keep, year))
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
            out[RuleId.H3][o] |= plan.busy_mask(self.n, self.keep, first, last)
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
    def challenge_points(self) -> dict[str, np.ndarray]:
        """Per-peer points that do not depend on the seat: S3, S5 (both ways), S6."""
        prog, idx, ch = self.index.programme, self.index, self.challenge
        w = prog.settings.weight
        reg = prog.councils
        client = reg.index[ch.council]
        miles = reg.distance_miles[idx.peers.home, client]
        london = reg[ch.council].region == LONDON_REGION
        pounds = whole_pounds(expense_gbp(miles, nights(ch), london))
        requested = np.zeros(self.n, dtype=np.int64)
        for r in ch.requests:
            if r in idx.peer_index:
                requested[idx.peer_index[r]] += 1
        return {
            RuleId.S3: w(RuleId.S3) * pounds,
            RuleId.S6: -w(RuleId.S6) * requested,
            RuleId.S8: w(RuleId.S8) * self._repeats(),
            "S5own": -w(RuleId.S5) * self._original_mask(),
            "S5rev": -w(RuleId.S5) * self._review_counts(),
        }

    def _repeats(self) -> np.ndarray:
        """S8: peers who served this client within 3 years (history)."""
        out = np.zeros(self.n, dtype=np.int64)
        cid, index = self.challenge.challenge_id, self.index.peer_index
        for peer_id, challenge_id in repeat_visits(self.index.programme):
            if challenge_id == cid and peer_id in index:
                out[index[peer_id]] = 1
        return out

    def _original_mask(self) -> np.ndarray:
        """S5: members of the original team of the challenge this one follows."""
        out = np.zeros(self.n, dtype=np.int64)
        follows = self.challenge.follows
        if follows:
            team = {a.peer_id for a in self.index.plan.team(follows)}
            team |= {pl.peer_id for pl in self.index.placements_of(follows)}
            team |= past_team(self.index.programme, follows)  # an earlier year's original
            index = self.index.peer_index
            out[[index[p] for p in team if p in index]] = 1
        return out

    def _review_counts(self) -> np.ndarray:
        """S5 the other way: progress reviews of this challenge in the plan whose present
        (non-shadow) peers would now count as members of its original team."""
        prog, cid = self.index.programme, self.challenge.challenge_id
        placed = {pl.peer_id for pl in self.index.placements_of(cid)}
        out = np.zeros(self.n, dtype=np.int64)
        for review in prog.challenges:
            if review.follows != cid:
                continue
            present = {
                a.peer_id
                for a in self.index.plan.team(review.challenge_id)
                if not prog.seat_by_key[(a.challenge_id, a.seat_id)].shadow
            }
            for pid in present - placed:
                out[self.index.peer_index[pid]] += 1
        return out

    def seat_points(self, s: int) -> dict[str, np.ndarray]:
        """Points by rule of each peer in seat `s`: arrays [peer] or [option, peer] (S4)."""
        return self._cached(("points", s), lambda: self._seat_points(s))

    def _seat_points(self, s: int) -> dict[str, np.ndarray]:
        prog, seat = self.index.programme, self.seats[s]
        w = prog.settings.weight
        cp = self.challenge_points
        zero = np.zeros(self.n, dtype=np.int64)
        if seat.shadow:
            fit, s4, s5 = zero, np.zeros((len(self.options), self.n), np.int64), cp["S5rev"]
        else:
            fit, s4, s5 = self._fit_units(seat), self.utilisation, cp["S5own"] + cp["S5rev"]
        kept = np.zeros(self.n, dtype=np.int64)
        for pl in self.index.placements_of(self.challenge.challenge_id, PlacementStatus.PROPOSED):
            if pl.seat_id == seat.seat_id:
                kept[self.index.peer_index[pl.peer_id]] = 1
        return {
            RuleId.S1: w(RuleId.S1) * fit,
            RuleId.S3: cp[RuleId.S3],
            RuleId.S4: s4,
            RuleId.S5: s5,
            RuleId.S6: cp[RuleId.S6],
            RuleId.S7: -w(RuleId.S7) * kept,
            RuleId.S8: zero if seat.shadow else cp[RuleId.S8],
            "unfilled": np.full(self.n, -unfilled_points(seat, prog.settings.unfilled_penalty)),
        }

    @cached_property
    def utilisation(self) -> np.ndarray:
        """S4 points [option, peer] of the days a non-shadow seat adds (convex in days)."""
        weight = self.index.programme.settings.weight(RuleId.S4)
        return weight * utilisation_vec(
            self.plan_days, self.challenge.charged_days, self.index.peers.cap[None, :]
        )

    def _fit_units(self, seat: Seat) -> np.ndarray:
        """S1 units per peer (matcher.rules.s1_fit)."""
        peers = self.index.peers
        client_type = self.index.programme.councils[self.challenge.council].type.value
        preferred = peers.tag_mask(seat.preferred_tags) if seat.preferred_tags else 0
        return fit_units_vec(
            peers.tags,
            peers.council_types,
            np.int64(preferred),
            bool(seat.preferred_tags),
            np.int64(1 << peers.type_bits[client_type]),
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
