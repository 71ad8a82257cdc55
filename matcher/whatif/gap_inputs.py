"""What the gap-closing model works on: the unfilled seats and who could take them.

A *gap seat* is an unfilled seat at its team's chosen start (the start the batch gave the
team; for a team left wholly empty, the week its unfilled message names, else its first
option). Two kinds of resource could take it:

- an *existing peer* who passes every rule there given the rest of the plan except,
  possibly, H4: their days left (cap minus days used minus the plan's days) may fall short,
  which a cap exception would cover (a proposal needing approval, H4);
- a *recruit*: a virtual peer of one profile (kind, party, lead flag, tag) whose home,
  and so region, is chosen after the model (profiles.py), checked against H5 (own
  council, two-tier area, neighbours) and H8 (teammates' homes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from matcher.batch.job import BatchResult
from matcher.eligibility import Eligibility, allowed_peers
from matcher.encoding.pruning import GAP_EXISTING_PER_SEAT as MAX_EXISTING_PER_SEAT
from matcher.models import Challenge, Party, PartyRule, PeerKind, Seat
from matcher.plan_usage import PlanUsage
from matcher.programme import Programme, busy_period, start_options
from matcher.rules import RuleId

WEEK_OF = re.compile(r"week of (\d{2} \w{3} \d{4})")


@dataclass(frozen=True)
class GapSeat:
    challenge: Challenge
    seat: Seat
    start: date
    region: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.seat.challenge_id, self.seat.seat_id)

    @property
    def busy(self) -> tuple[date, date]:
        return busy_period(self.challenge, self.start)

    @property
    def days(self) -> int:
        """H4 days charged: none for a shadow seat."""
        return 0 if self.seat.shadow else self.challenge.charged_days


def gap_seats(programme: Programme, result: BatchResult) -> list[GapSeat]:
    """Every unfilled seat of `result`, at its team's start."""
    starts = {a.challenge_id: a.start_date for a in result.assignments}
    out = []
    for u in result.unfilled:
        challenge = programme.challenge_by_id[u.challenge_id]
        start = starts.get(u.challenge_id) or _start_from_message(u.message, challenge)
        region = programme.councils[challenge.council].region
        out.append(
            GapSeat(challenge, programme.seat_by_key[(u.challenge_id, u.seat_id)], start, region)
        )
    return out


def _start_from_message(message: str, challenge: Challenge) -> date:
    """The week an unfilled message names (matcher.batch.unfilled), else the first start option."""
    found = WEEK_OF.search(message)
    if found:
        day = datetime.strptime(found.group(1), "%d %b %Y").date()
        if day in start_options(challenge):
            return day
    return start_options(challenge)[0]


def allowed_parties(programme: Programme, gap: GapSeat) -> list[Party | None]:
    """H7: the parties a peer in this seat may have (None for officer seats)."""
    if gap.seat.kind is PeerKind.OFFICER:
        return [None]
    rule = gap.seat.party_rule
    leader = programme.leader_party(gap.challenge)
    if not rule:
        return list(Party)
    if rule == PartyRule.LEADER_PARTY:
        return [leader] if leader else []
    if rule == PartyRule.OTHER_PARTY:
        return [p for p in Party if p != leader]
    return [Party(rule)]


@dataclass(frozen=True)
class Candidate:
    """An existing peer who could take a gap seat; `short` days beyond their cap (H4)."""

    peer_index: int
    gap_index: int
    short: int


def existing_candidates(
    programme: Programme, result: BatchResult, gaps: list[GapSeat]
) -> tuple[list[Candidate], dict[tuple[int, int], int]]:
    """(candidates, days left per (peer index, financial year)): every registered rule
    (the one union of matcher.eligibility) but H4, whose shortfall is an exception.

    Each seat keeps its MAX_EXISTING_PER_SEAT candidates needing the fewest extra days,
    which bounds the model without losing the cheap options.
    """
    elig = Eligibility(programme)
    plan = PlanUsage(programme, result.assignments)
    out: list[Candidate] = []
    left: dict[tuple[int, int], int] = {}
    for g, gap in enumerate(gaps):
        mask = allowed_peers(elig, gap.challenge, gap.seat, [gap.start], skip={RuleId.H4})[0]
        found = []
        for q in np.flatnonzero(mask).tolist():
            peer = programme.peers[q]
            if _plan_blocks(plan, gap, peer):
                continue
            year = programme.financial_year_of(gap.start)
            spare = (
                programme.cap_of(peer)
                - programme.days_used_in(peer, year)
                - plan.days[(peer.peer_id, year)]
            )
            left[(q, year)] = spare
            found.append(Candidate(q, g, max(0, gap.days - spare)))
        found.sort(key=lambda c: (c.short, c.peer_index))
        out.extend(found[:MAX_EXISTING_PER_SEAT])
    return out, left


def _plan_blocks(plan: PlanUsage, gap: GapSeat, peer) -> bool:
    """H3 overlap with the plan, or H8 a teammate from the same home council."""
    first, last = gap.busy
    if plan.overlaps(peer.peer_id, first, last):
        return True
    return peer.home_council in plan.team_homes[gap.challenge.challenge_id]
