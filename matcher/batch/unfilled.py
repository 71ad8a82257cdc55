"""Unfilled seats: which rule kept each possible peer out, counted per rule (FORMAT.md).

For a seat left empty, the peers of the right kind holding a required tag (and lead flag
where needed) are the seat's population (H1). Each of them is attributed to the first
rule, in catalogue order, that excludes them at the team's chosen start *given the rest
of the plan*: H3 (unavailable, or busy on an overlapping placement), H4 (days left),
H5, H6, H7 (party rule, or the team's members all of one party), H8 (a teammate from
the same home council, which covers H2). Peers excluded by none are counted as `free`:
they were eligible but the plan did not use them (for example because pruning left
them out of the model).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from matcher.eligibility import Eligibility
from matcher.models import Assignment, Challenge, PeerKind, Seat, UnfilledSeat
from matcher.programme import Programme, busy_period
from matcher.rules import RULES

ORDER = ("H3", "H4", "H5", "H6", "H7", "H8")


class PlanState:
    """What the plan already holds, per peer: busy periods, days per year, teams."""

    def __init__(self, programme: Programme, assignments: list[Assignment]):
        self.programme = programme
        self.busy: dict[str, list[tuple]] = defaultdict(list)
        """Per peer: (challenge_id, first busy day, last busy day) of each placement."""
        self.days: Counter = Counter()
        self.team_homes: dict[str, set[str]] = defaultdict(set)
        self.teams: dict[str, set[str]] = defaultdict(set)
        self.team_parties: dict[str, list] = defaultdict(list)
        for a in assignments:
            self.add(a)

    def add(self, a: Assignment) -> None:
        """Take one more placement into account."""
        programme = self.programme
        challenge = programme.challenge_by_id[a.challenge_id]
        seat = programme.seat_by_key[(a.challenge_id, a.seat_id)]
        peer = programme.peer_by_id[a.peer_id]
        self.busy[a.peer_id].append((a.challenge_id, *busy_period(challenge, a.start_date)))
        self.teams[a.challenge_id].add(a.peer_id)
        if not seat.shadow:
            self.days[(a.peer_id, programme.financial_year_of(a.start_date))] += (
                challenge.charged_days
            )
            if peer.kind is PeerKind.MEMBER:
                self.team_parties[a.challenge_id].append(peer.party)
        self.team_homes[a.challenge_id].add(peer.home_council)


def blocking_counts(
    elig: Eligibility, plan: PlanState, challenge: Challenge, seat: Seat, start
) -> tuple[int, Counter]:
    """(population size, peers excluded per rule) for `seat` at `start`."""
    rules = blocking_rules(elig, plan, challenge, seat, start)
    return len(rules), Counter(rules.values())


def blocking_rules(
    elig: Eligibility,
    plan: PlanState,
    challenge: Challenge,
    seat: Seat,
    start,
    *,
    free_only: bool = False,
) -> dict[int, str]:
    """For each peer of the seat's population (by index): the first rule that keeps them
    out given the plan, or `free` when none does (they could take the seat as it is).
    With `free_only`, only the free peers, found by ruling out the static exclusions
    vectorised first (the repair's fast path: no attribution needed)."""
    population = np.flatnonzero(elig.h1_base(seat))
    static = _static_exclusions(elig, challenge, seat, start)
    if free_only:
        blocked = np.logical_or.reduce(list(static.values()))
        population = population[~blocked[population]]
    window = busy_period(challenge, start)
    rules: dict[int, str] = {}
    for q in population.tolist():
        peer = elig.programme.peers[q]
        if peer.peer_id in plan.teams[challenge.challenge_id]:
            rule = "H8"  # already on this team: H8 covers H2 (one home council)
        else:
            dynamic = _dynamic_exclusions(plan, challenge, seat, start, window, peer)
            excluded = (r for r in ORDER if (r in static and static[r][q]) or dynamic.get(r))
            rule = next(excluded, "free")
        if rule == "free" or not free_only:
            rules[q] = rule
    return rules


def _static_exclusions(elig: Eligibility, challenge: Challenge, seat: Seat, start) -> dict:
    """The plan-independent exclusions per rule at `start` (peer masks)."""
    static = elig.option_exclusions(challenge, start)
    if seat.shadow:
        static["H4"] = np.zeros_like(static["H4"])
    static["H7"] = elig.h7_excluded(challenge, seat)
    return static


def _dynamic_exclusions(plan: PlanState, challenge: Challenge, seat: Seat, start, window, peer):
    """What the plan itself rules out for `peer`: busy (H3), days (H4), party mix (H7),
    a teammate from the same home council (H8)."""
    prog = plan.programme
    year = prog.financial_year_of(start)
    return {
        "H3": any(a <= window[1] and window[0] <= b for _, a, b in plan.busy[peer.peer_id]),
        "H4": not seat.shadow
        and plan.days[(peer.peer_id, year)] + challenge.charged_days + prog.days_used_in(peer, year)
        > prog.cap_of(peer),
        "H7": _all_one_party(plan, challenge, seat, peer),
        "H8": peer.home_council in plan.team_homes[challenge.challenge_id],
    }


def _all_one_party(plan: PlanState, challenge: Challenge, seat: Seat, peer) -> bool:
    if seat.shadow or peer.kind is not PeerKind.MEMBER:
        return False
    parties = plan.team_parties[challenge.challenge_id]
    return len(parties) >= 1 and all(p == peer.party for p in parties)


def unfilled_seat(
    elig: Eligibility, plan: PlanState, challenge: Challenge, seat: Seat, start
) -> UnfilledSeat:
    """The `unfilled` row for one empty seat: blocking counts and a readable sentence."""
    size, counts = blocking_counts(elig, plan, challenge, seat, start)
    blocking = ";".join(f"{r}:{counts[r]}" for r in (*ORDER, "free") if counts[r])
    return UnfilledSeat(
        challenge_id=challenge.challenge_id,
        seat_id=seat.seat_id,
        blocking=blocking or "H1:0",
        message=_message(challenge, seat, start, size, counts),
    )


def _message(challenge: Challenge, seat: Seat, start, size: int, counts: Counter) -> str:
    who = describe_seat(seat)
    if size == 0:
        return (
            f"H1: no {who} exists in the pool for {challenge.challenge_id} "
            f"(week of {start:%d %b %Y})."
        )
    reasons = ", ".join(f"{counts[r]} {RULES[r].name} ({r})" for r in ORDER if counts[r])
    free = f", {counts['free']} eligible but not used" if counts["free"] else ""
    return (
        f"No eligible {who} is available for {challenge.challenge_id} in the week of "
        f"{start:%d %b %Y}: of {size} in the pool, {reasons or 'none excluded'}{free}."
    )


def describe_seat(seat: Seat) -> str:
    """The seat in words: party rule, lead, kind and required tags."""
    words = []
    if seat.party_rule:
        words.append(str(seat.party_rule).replace("_", " ") + " ")
    if seat.lead_required:
        words.append("lead ")
    words.append(f"{seat.kind.value} peer")
    if seat.required_tags:
        words.append(" holding " + " or ".join(sorted(seat.required_tags)))
    return "".join(words)
