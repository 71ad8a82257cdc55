"""The smallest relaxation that makes a team possible, chosen by one model over all
families (matcher.shortlist.waivers.RELAX_COST): widen the window by a week, a day-cap
exception for one named peer, lift the neighbour rule for one seat, make a required
diversity minimum a preference, relax a party rule (a seat's, or the mix).

The answer is a proposal: nothing is applied. A day-cap exception in particular is only
ever proposed, marked as needing approval (DOMAIN.md H4), never used silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matcher.models import Assignment
from matcher.rules import RuleId
from matcher.shortlist.candidates import ChallengeView
from matcher.shortlist.problem import pair_of, seated
from matcher.shortlist.teams import TeamState
from matcher.shortlist.waivers import MIX, RELAX_COST, WINDOW, waiver_problem
from solver.team import TeamSearch


@dataclass
class Change:
    """One relaxation: its family (rule code or 'window'), words, cost, approval."""

    family: str
    description: str
    cost: int
    needs_approval: bool
    peer_id: str | None = None
    seat_id: str | None = None


@dataclass
class Relaxation:
    changes: list[Change]
    total_cost: int
    start: date
    team: list[Assignment] = field(default_factory=list)
    score: int = 0
    """Points the team would add to the plan's score, with the relaxation granted."""

    def sentences(self) -> list[str]:
        head = f"Smallest relaxation (cost {self.total_cost}): " + " ".join(
            c.description for c in self.changes
        )
        team = ", ".join(f"{a.seat_id}: {a.peer_id}" for a in self.team)
        return [
            head,
            f"It would give the team {team} starting {self.start} (proposal only: "
            "nothing has been applied).",
        ]


def smallest_relaxation(view: ChallengeView) -> Relaxation | None:
    """Cheapest set of relaxations (then cheapest team), or None if none suffices."""
    wp = waiver_problem(view, relax=True)
    search = TeamSearch(wp.problem, mode="relax")
    for seat, peer in wp.forced:
        search.force(pair_of(wp.problem, wp.view.n, seat, peer))
    answer = search.solve()
    if answer is None:
        return None
    state = TeamState(wp.view, answer.option, seated(wp.problem, answer))
    changes = [describe(state, wp.keys[r]) for r in answer.waivers]
    return Relaxation(
        changes,
        sum(c.cost for c in changes),
        state.start,
        state.assignments(),
        answer.cost + wp.offset,
    )


def describe(state: TeamState, key: tuple) -> Change:
    """Words for one granted waiver, about the team it gives."""
    view, family = state.view, key[0]
    cost = RELAX_COST[family]
    ch = view.challenge
    if family == WINDOW:
        return Change(
            WINDOW,
            f"Widen the window of {ch.challenge_id} by one week (start {state.start}).",
            cost,
            False,
        )
    if family == RuleId.H4:
        return _cap_exception(state, key[1], cost)
    if family == RuleId.S2:
        return Change(
            RuleId.S2,
            f"S2: make the minimum {key[1]} = {getattr(ch, key[1])} of "
            f"{ch.challenge_id} a preference instead of required.",
            cost,
            True,
        )
    if family == MIX:
        return Change(
            RuleId.H7, "H7: allow the member peers of the team to be all of one party.", cost, True
        )
    s = key[1]
    seat = view.seats[s]
    peer = view.index.programme.peers[state.seats[s]]
    if family == RuleId.H5:
        home = view.index.programme.councils[peer.home_council].name
        client = view.index.programme.councils[ch.council].name
        return Change(
            RuleId.H5,
            f"H5: lift the neighbour rule for seat {seat.seat_id}, so that "
            f"{peer.name} ({peer.peer_id}) from {home}, which borders the client "
            f"{client}, may sit.",
            cost,
            True,
            peer.peer_id,
            seat.seat_id,
        )
    party = peer.party.value if peer.party else "no party"
    return Change(
        RuleId.H7,
        f"H7: relax the party rule {seat.party_rule} of seat {seat.seat_id} "
        f"for {peer.name} ({peer.peer_id}, {party}).",
        cost,
        True,
        peer.peer_id,
        seat.seat_id,
    )


def _cap_exception(state: TeamState, q: int, cost: int) -> Change:
    view = state.view
    prog, ch = view.index.programme, view.challenge
    peer = prog.peers[q]
    used = int(view.plan_days[state.option, q])
    cap = int(view.index.peers.cap[q])
    need = used + ch.charged_days
    year = prog.financial_year_of(state.start)
    # A member peer beyond the cap needs the Director of Improvement (DOMAIN.md H4); an
    # officer's exception records the employer's release.
    who = "the Director of Improvement" if peer.group_office else "their employer"
    return Change(
        RuleId.H4,
        f"H4: a day-cap exception for {peer.name} ({peer.peer_id}): "
        f"{used} of {cap} days used in {year}/{(year + 1) % 100:02d} and "
        f"{ch.challenge_id} charges {ch.charged_days}, so the cap would have to be "
        f"{need} (+{need - cap}). A proposal needing approval by {who}; not "
        "applied.",
        cost,
        True,
        peer.peer_id,
        next((view.seats[s].seat_id for s, p in state.seats.items() if p == q), None),
    )
