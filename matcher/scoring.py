"""Soft goals S1-S8 and the expense estimate, computed from a solution alone.

This module is the single definition of the objective. The encoder turns the same
quantities into model coefficients; the independent validator calls `score_solution` on
whatever the solver returned and the two totals must agree exactly. It never imports the
solver or OR-Tools (an import-linter contract checks that).

Units (all penalties, integer points, lower is better):
- unfilled seat: `settings.unfilled_penalty` (a shadow seat: SHADOW_UNFILLED_SHARE of it);
- S1: weight x fit units (1 if the seat has preferred tags and the peer holds none,
  +1 if the peer does not know the client's type of council); shadow seats score 0;
- S2: weight x peers short of each diversity minimum (soft challenges only);
- S3: weight x expense estimate rounded half up to whole pounds, per seat;
- S4: weight x (days above 50% of cap + 2 x days above 75%, counting only the days new
  seats add) + weight x SHARE_UNITS_PER_SEAT x member seats away from each group office's
  target (its share of the member pool x the programme's member seats, rounded);
- S5: weight x progress-review seats (non-shadow) not held by a member of the original
  team (its team in this solution plus its recorded placements);
- S6: weight x requested peers not on the team;
- S7: weight x proposed placements not kept, + `settings.start_moved_weight` x proposed
  placements with a start whose seat is filled at another start (the team moved);
- S8: weight x non-shadow seats held by a peer who served the client within 3 years
  (matcher.rules.s8_fresh_eyes).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from matcher.models import Assignment, Challenge, Gender, Peer, PeerKind, Seat, YesNoUnsaid
from matcher.programme import Programme
from matcher.rules import RuleId
from matcher.rules.s1_fit import fit_units
from matcher.rules.s5_continuity import past_team
from matcher.rules.s8_fresh_eyes import repeat_visits

ROAD_FACTOR = 1.2
"""Road miles approximated as straight-line miles x 1.2 (S3)."""
MILEAGE_RATE_GBP = 0.45
HOTEL_GBP = 90.0
HOTEL_LONDON_GBP = 150.0
MEALS_GBP = 36.0
LONDON_REGION = "London"
SHADOW_UNFILLED_SHARE = 0.05
SHARE_UNITS_PER_SEAT = 10
UTILISATION_STEPS = ((0.50, 1), (0.75, 2))
"""S4 convex steps: each day above 50% of cap costs 1 unit, above 75% 2 more."""


def nights(challenge: Challenge) -> int:
    """Onsite nights plus the evening before: one per onsite day."""
    return challenge.onsite_days


def expense_gbp(miles: np.ndarray | float, onsite_days, london) -> np.ndarray | float:
    """S3: mileage both ways at 45p plus hotel (London rate) and meals per night."""
    hotel = np.where(london, HOTEL_LONDON_GBP, HOTEL_GBP)
    return 2 * ROAD_FACTOR * miles * MILEAGE_RATE_GBP + onsite_days * (hotel + MEALS_GBP)


def pair_expense(programme: Programme, peer: Peer, challenge: Challenge) -> float:
    """S3 estimate in pounds for `peer` on `challenge` (unrounded)."""
    client = programme.councils[challenge.council]
    miles = programme.councils.miles_between(peer.home_council, challenge.council)
    return float(expense_gbp(miles, nights(challenge), client.region == LONDON_REGION))


def whole_pounds(gbp):
    """S3 points: pounds rounded half up (one rounding for the model and the validator)."""
    return np.floor(np.asarray(gbp) + 0.5).astype(np.int64)


def pair_points(programme: Programme, peer: Peer, seat: Seat, challenge: Challenge) -> int:
    """Seat-level points (S1 fit + S3 cost): the `points` column of an assignment."""
    weights = programme.settings
    client_type = programme.councils[challenge.council].type
    cost = int(whole_pounds(pair_expense(programme, peer, challenge)))
    return (
        weights.weight(RuleId.S1) * fit_units(peer, seat, client_type)
        + weights.weight(RuleId.S3) * cost
    )


def utilisation_units(days_before: int, days_added: int, cap: int) -> int:
    """S4: convex cost of the days a solution adds on top of `days_before`."""

    def cost(days: int) -> int:
        return sum(w * max(0, days - math.floor(cap * share)) for share, w in UTILISATION_STEPS)

    return cost(days_before + days_added) - cost(days_before)


def share_targets(pool_by_group: dict, member_seats: int) -> dict:
    """S4: each group office's target = its share of the member pool x the programme's
    non-shadow member seats, rounded half up."""
    pool_total = sum(pool_by_group.values())
    if pool_total == 0:
        return {}
    return {
        g: (2 * pool * member_seats + pool_total) // (2 * pool_total)
        for g, pool in pool_by_group.items()
    }


def share_deviation(seats_by_group: dict, targets: dict) -> int:
    """S4: member seats away from each group office's target, summed over offices."""
    return sum(abs(seats_by_group.get(g, 0) - target) for g, target in targets.items())


def counts_toward_minimum(peer: Peer, attribute: str) -> bool:
    """S2: only a declared 'female' / 'yes' counts; missing or unsaid data never does."""
    if attribute == "min_women":
        return peer.gender is Gender.FEMALE
    value = peer.ethnic_minority if attribute == "min_ethnic_minority" else peer.disability
    return value is YesNoUnsaid.YES


DIVERSITY_ATTRIBUTES = ("min_women", "min_ethnic_minority", "min_disability")


@dataclass
class ScoreBreakdown:
    """The objective of one solution, split by rule code (plus 'unfilled')."""

    points: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    expense_gbp: float = 0.0
    seat_points: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.points.values())


def score_solution(programme: Programme, assignments: Sequence[Assignment]) -> ScoreBreakdown:
    """Recompute every soft point and the expense estimate from the assignments alone."""
    out = ScoreBreakdown()
    teams = _teams(assignments)
    _score_seats(programme, assignments, out)
    _score_unfilled(programme, teams, out)
    _score_diversity(programme, teams, out)
    _score_fair_use(programme, assignments, out)
    _score_continuity(programme, teams, out)
    _score_requests_and_stability(programme, teams, out)
    _score_moved_starts(programme, assignments, out)
    _score_fresh_eyes(programme, assignments, out)
    return out


def _score_fresh_eyes(programme: Programme, assignments, out: ScoreBreakdown) -> None:
    """S8: a non-shadow seat held by a peer who served the client within 3 years."""
    repeats = repeat_visits(programme)
    if not repeats:
        return
    weight = programme.settings.weight(RuleId.S8)
    for a in assignments:
        seat = programme.seat_by_key[(a.challenge_id, a.seat_id)]
        if not seat.shadow and (a.peer_id, a.challenge_id) in repeats:
            out.points[RuleId.S8] += weight


def _score_moved_starts(programme: Programme, assignments, out: ScoreBreakdown) -> None:
    """S7: a proposed seat with a start, filled with its team starting another day
    (matcher.encoding.stability charges the same in the model)."""
    weight = programme.settings.start_moved_weight
    starts = {(a.challenge_id, a.seat_id): a.start_date for a in assignments}
    for placement in programme.placements:
        if placement.status.value != "proposed" or placement.start_date is None:
            continue
        now = starts.get((placement.challenge_id, placement.seat_id))
        if now is not None and now != placement.start_date:
            out.points[RuleId.S7] += weight


def _teams(assignments: Iterable[Assignment]) -> dict[str, dict[str, str]]:
    teams: dict[str, dict[str, str]] = defaultdict(dict)
    for a in assignments:
        teams[a.challenge_id][a.seat_id] = a.peer_id
    return teams


def _score_seats(programme: Programme, assignments: Sequence[Assignment], out: ScoreBreakdown):
    s = programme.settings
    for a in assignments:
        peer = programme.peer_by_id[a.peer_id]
        challenge = programme.challenge_by_id[a.challenge_id]
        seat = programme.seat_by_key[(a.challenge_id, a.seat_id)]
        expense = pair_expense(programme, peer, challenge)
        fit = s.weight(RuleId.S1) * fit_units(
            peer, seat, programme.councils[challenge.council].type
        )
        cost = s.weight(RuleId.S3) * int(whole_pounds(expense))
        out.points[RuleId.S1] += fit
        out.points[RuleId.S3] += cost
        out.expense_gbp += expense
        out.seat_points[(a.challenge_id, a.seat_id)] = fit + cost
    out.expense_gbp = round(out.expense_gbp, 2)


def _score_unfilled(programme: Programme, teams, out: ScoreBreakdown) -> None:
    penalty = programme.settings.unfilled_penalty
    for seat in programme.all_seats:
        if seat.seat_id not in teams.get(seat.challenge_id, {}):
            out.points["unfilled"] += unfilled_points(seat, penalty)


def unfilled_points(seat: Seat, penalty: int) -> int:
    """Points for leaving `seat` empty (a shadow seat is optional, so it costs little)."""
    return round(penalty * SHADOW_UNFILLED_SHARE) if seat.shadow else penalty


def _score_diversity(programme: Programme, teams, out: ScoreBreakdown) -> None:
    weight = programme.settings.weight(RuleId.S2)
    for challenge in programme.challenges:
        if challenge.diversity_required:
            continue  # hard for this challenge: the validator checks it, no points
        members = _non_shadow_peers(programme, challenge.challenge_id, teams)
        for attribute in DIVERSITY_ATTRIBUTES:
            have = sum(counts_toward_minimum(p, attribute) for p in members)
            out.points[RuleId.S2] += weight * max(0, getattr(challenge, attribute) - have)


def _non_shadow_peers(programme: Programme, challenge_id: str, teams) -> list[Peer]:
    return [
        programme.peer_by_id[peer_id]
        for seat_id, peer_id in teams.get(challenge_id, {}).items()
        if not programme.seat_by_key[(challenge_id, seat_id)].shadow
    ]


def _score_fair_use(programme: Programme, assignments, out: ScoreBreakdown) -> None:
    added: Counter = Counter()
    member_seats: Counter = Counter()
    for a in assignments:
        if programme.seat_by_key[(a.challenge_id, a.seat_id)].shadow:
            continue
        peer = programme.peer_by_id[a.peer_id]
        challenge = programme.challenge_by_id[a.challenge_id]
        added[(a.peer_id, programme.financial_year_of(a.start_date))] += challenge.charged_days
        if peer.kind is PeerKind.MEMBER:
            member_seats[peer.group_office] += 1
    units = sum(
        utilisation_units(
            programme.days_used_in(programme.peer_by_id[pid], year),
            days,
            programme.cap_of(programme.peer_by_id[pid]),
        )
        for (pid, year), days in added.items()
    )
    units += SHARE_UNITS_PER_SEAT * share_deviation(member_seats, group_targets(programme))
    out.points[RuleId.S4] += programme.settings.weight(RuleId.S4) * units


def group_targets(programme: Programme) -> dict:
    """S4 share targets of this programme's group offices (see share_targets)."""
    pool = Counter(p.group_office for p in programme.peers if p.kind is PeerKind.MEMBER)
    seats = sum(s.kind is PeerKind.MEMBER and not s.shadow for s in programme.all_seats)
    return share_targets(pool, seats)


def original_team(programme: Programme, challenge_id: str, teams) -> set[str]:
    """S5: the followed challenge's team in this solution plus its recorded placements,
    plus, for an earlier year's challenge, its team in the history (past_team)."""
    team = set(teams.get(challenge_id, {}).values())
    team.update(p.peer_id for p in programme.placements if p.challenge_id == challenge_id)
    team |= past_team(programme, challenge_id)
    return team


def _score_continuity(programme: Programme, teams, out: ScoreBreakdown) -> None:
    weight = programme.settings.weight(RuleId.S5)
    for challenge in programme.challenges:
        if not challenge.follows:
            continue
        seats = [s for s in programme.seats_by_challenge[challenge.challenge_id] if not s.shadow]
        original = original_team(programme, challenge.follows, teams)
        present = {p.peer_id for p in _non_shadow_peers(programme, challenge.challenge_id, teams)}
        out.points[RuleId.S5] += weight * (len(seats) - len(original & present))


def _score_requests_and_stability(programme: Programme, teams, out: ScoreBreakdown) -> None:
    for challenge in programme.challenges:
        team = set(teams.get(challenge.challenge_id, {}).values())
        unmet = sum(peer_id not in team for peer_id in challenge.requests)
        out.points[RuleId.S6] += programme.settings.weight(RuleId.S6) * unmet
    for placement in programme.placements:
        if placement.status.value != "proposed":
            continue
        kept = teams.get(placement.challenge_id, {}).get(placement.seat_id) == placement.peer_id
        out.points[RuleId.S7] += programme.settings.weight(RuleId.S7) * (not kept)
