"""Why no team exists, in three steps, cheapest first (STYLE.md practice 5).

1. Supply pre-checks in domain words: per seat and start, the population of the right
   kind and tags (H1) and how many remain after each rule in catalogue order (H3 busy
   or unavailable, H4 days, H5, H6, H7 party rule), plus each required diversity minimum
   against the peers who could declare it.
2. A diagnostic solve: one assumption literal per rule instance (H3/H4/H5/H6 per peer,
   H7 per seat and for the mix, each required S2 minimum), a single CP-SAT worker, and
   `sufficient_assumptions_for_infeasibility` mapped back to the instances, each worded
   by the validator (matcher.shortlist.messages).
3. The smallest relaxation over all families (matcher.shortlist.relax).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matcher.batch.unfilled import describe_seat
from matcher.rules import RuleId, hard_rule
from matcher.shortlist.candidates import WITHDRAWN, ChallengeView
from matcher.shortlist.index import ShortlistIndex
from matcher.shortlist.messages import RuleCase, exclusion_cases
from matcher.shortlist.problem import attribute_columns, pair_of
from matcher.shortlist.relax import Relaxation, smallest_relaxation
from matcher.shortlist.waivers import MIX, rule_masks, waiver_problem
from solver.team import TeamSearch

NAMED_PER_RULE = 3
"""Rule instances of one rule named in a diagnosis (the rest are counted)."""


@dataclass
class SeatSupply:
    """How many peers of the right kind remain for one seat at one start, rule by rule."""

    seat_id: str
    start: str
    population: int
    remaining: list[tuple[str, int]]
    """(rule, peers left after it), in catalogue order."""
    message: str


@dataclass
class Diagnosis:
    challenge_id: str
    supply: list[SeatSupply] = field(default_factory=list)
    blocked_seats: list[str] = field(default_factory=list)
    """Seats no peer can take at any start (the pre-checks alone explain them)."""
    team_checks: list[str] = field(default_factory=list)
    core: list[RuleCase] = field(default_factory=list)
    """Rule instances that together rule every team out (diagnostic solve)."""
    relaxation: Relaxation | None = None

    def to_dict(self) -> dict:
        """Structured form (JSON-ready) for files and the API."""
        relax = self.relaxation
        return {
            "challenge_id": self.challenge_id,
            "blocked_seats": self.blocked_seats,
            "supply": [vars(s) for s in self.supply],
            "team_checks": self.team_checks,
            "core": [vars(c) for c in self.core],
            "relaxation": None
            if relax is None
            else {
                "changes": [vars(c) for c in relax.changes],
                "total_cost": relax.total_cost,
                "start": relax.start.isoformat(),
                "total_points_added_to_plan": relax.score,
                "team": [a.model_dump(mode="json") for a in relax.team],
            },
            "sentences": self.sentences(),
        }

    def sentences(self) -> list[str]:
        out = [s.message for s in self.supply if s.seat_id in self.blocked_seats]
        out += self.team_checks
        if self.core:
            out.append("Rules that conflict here: " + " ".join(c.message for c in self.core))
        if self.relaxation:
            out += self.relaxation.sentences()
        return out


def seat_supply(view: ChallengeView, s: int, o: int) -> SeatSupply:
    """Step 1 for one seat at one start: rule by rule in catalogue order (the registry's
    static rules, with the plan added to H3 and H4 as the view holds them)."""
    seat = view.seats[s]
    left = view.h1(s) & ~view.exclusions[WITHDRAWN][o]
    population = int(view.h1(s).sum())
    remaining, parts = [], []
    for rule, mask in rule_masks(view, s, o):
        gone = int((left & mask).sum())
        left = left & ~mask
        remaining.append((rule.code, int(left.sum())))
        if gone:
            parts.append(f"{gone} excluded by {rule.code}")
    start = view.options[o]
    message = (
        f"{view.challenge.challenge_id} seat {seat.seat_id} ({describe_seat(seat)}), week "
        f"of {start:%d %b %Y}: {population} in the pool, "
        f"{', '.join(parts) or 'none excluded'}, {int(left.sum())} left."
    )
    return SeatSupply(seat.seat_id, start.isoformat(), population, remaining, message)


def team_checks(view: ChallengeView) -> list[str]:
    """Required S2 minimums against the peers who could fill the non-shadow seats."""
    ch = view.challenge
    if not ch.diversity_required:
        return []
    out = []
    anyone = np.zeros(view.n, dtype=bool)
    for s, seat in enumerate(view.seats):
        if not seat.shadow:
            anyone |= view.allowed(s).any(axis=0)
    seats = sum(not seat.shadow for seat in view.seats)
    for attribute, column in attribute_columns(view).items():
        need = getattr(ch, attribute)
        have = int((anyone & column).sum())
        if need > seats:
            out.append(
                f"S2 (required): {ch.challenge_id} needs at least {need} "
                f"({attribute}) and the team has only {seats} seats."
            )
        elif need and have < need:
            out.append(
                f"S2 (required): {ch.challenge_id} needs at least {need} "
                f"({attribute}) and only {have} eligible peers declared it."
            )
    return out


def core_cases(view: ChallengeView, keys: list[tuple], core: list[int]) -> list[RuleCase]:
    """Map the core's waivers back to worded rule instances (a few named per rule)."""
    out: list[RuleCase] = []
    named: dict[str, int] = {}
    for r in core:
        key = keys[r]
        code = key[0]
        named[code] = named.get(code, 0) + 1
        if named[code] > NAMED_PER_RULE:
            continue
        out += _case(view, key)
    for code, n in named.items():
        if n > NAMED_PER_RULE:
            out.append(
                RuleCase(
                    code, "more", f"{code}: and {n - NAMED_PER_RULE} more instances of {code}."
                )
            )
    return out


def _case(view: ChallengeView, key: tuple) -> list[RuleCase]:
    code = key[0]
    if code == MIX:
        return [
            RuleCase(RuleId.H7, "one_party", "H7: the member peers may not all be of one party.")
        ]
    if code == RuleId.S2:
        return [
            RuleCase(
                RuleId.S2,
                key[1],
                f"S2: {view.challenge.challenge_id} requires "
                f"{key[1]} = {getattr(view.challenge, key[1])}.",
            )
        ]
    rule = hard_rule(code)
    if rule.waiver == "seat":
        return [RuleCase(code, *rule.seat_sentence(view.seats[key[1]]))]
    q = key[1]
    hit = np.flatnonzero(view.exclusions[code][:, q]) if code in view.exclusions else []
    seats = [s for s in range(len(view.seats)) if view.h1(s)[q]]
    if not len(hit) or not seats:
        return []
    cases = [c for c in exclusion_cases(view, seats[0], q, int(hit[0])) if c.code == code]
    return cases[:1]


def diagnose_challenge(
    index: ShortlistIndex, challenge_id: str, exclude_peers=frozenset()
) -> Diagnosis:
    """Pre-checks, then the diagnostic core, then the smallest relaxation."""
    view = ChallengeView.of(index, challenge_id, exclude_peers=exclude_peers)
    out = Diagnosis(challenge_id)
    for s, seat in enumerate(view.seats):
        rows = [seat_supply(view, s, o) for o in range(len(view.options))]
        out.supply += rows
        if not seat.shadow and all(r.remaining[-1][1] == 0 for r in rows):
            out.blocked_seats.append(seat.seat_id)
    out.team_checks = team_checks(view)
    wp = waiver_problem(view, relax=False)
    search = TeamSearch(wp.problem, mode="diagnose")
    for seat, peer in wp.forced:
        search.force(pair_of(wp.problem, wp.view.n, seat, peer))
    core = search.diagnose()
    out.core = core_cases(view, wp.keys, core or [])
    if core == [] and not out.blocked_seats:
        out.team_checks.append(
            "H2/H8: every seat has candidates, but not enough different peers from "
            "different home councils to fill them all at once."
        )
    out.relaxation = smallest_relaxation(view)
    return out
