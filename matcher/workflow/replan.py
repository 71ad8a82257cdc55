"""A re-plan after change, seat by seat: what it keeps and what it changes, and why.

A re-plan solves the year with the workflow applied (pins.pinned_programme): confirmed
seats are fixed with their start, seats in play are kept where possible (S7). Every seat
in play whose peer or start the new plan changes is listed with its reason: the hard
rule the old placement now breaks given the changed programme and the confirmed teams
(e.g. the peer became unavailable, H3), or, when it breaks none, that the re-plan found
a better year by moving it (S7 is a preference, not a rule).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from matcher.models import Assignment
from matcher.plan_usage import placed_start
from matcher.programme import Programme
from matcher.rules import RuleId
from matcher.workflow.checks import steps_violations
from matcher.workflow.pins import WorkflowSeat, leading
from matcher.workflow.states import ACTIVE, State

MOVED_FOR_BETTER = (
    "S7: kept where possible; the re-plan found a better year by changing this seat "
    "(no hard rule stops the old placement)"
)


@dataclass(frozen=True)
class SeatChange:
    challenge_id: str
    seat_id: str
    before_peer: str
    before_start: date
    after_peer: str | None
    after_start: date | None
    rule: str
    reason: str

    def as_dict(self) -> dict:
        return {k: str(v) if isinstance(v, date) else v for k, v in asdict(self).items()}


def changed_seats(
    programme: Programme, seats: list[WorkflowSeat], plan: list[Assignment]
) -> list[SeatChange]:
    """Every seat in play (one name per seat) that `plan` gives another peer or start,
    or leaves empty, with the reason (see the module docstring)."""
    planned = {(a.challenge_id, a.seat_id): a for a in plan}
    known = [
        s
        for s in seats
        if s.peer_id in programme.peer_by_id
        and (s.challenge_id, s.seat_id) in programme.seat_by_key
    ]
    confirmed = [s for s in known if s.state is State.CONFIRMED]
    moved = []
    for held in leading([s for s in known if s.state in ACTIVE]):
        before = placed_start(programme, held)
        after = planned.get((held.challenge_id, held.seat_id))
        if after is None or (after.peer_id, after.start_date) != (held.peer_id, before):
            moved.append((held, after, before))
    # one validator pass for all of them (two per seat took seconds at M)
    broken = steps_violations(programme, confirmed, [held for held, _, _ in moved])
    out = []
    for held, after, before in moved:
        rule, reason = _reason(broken.get((held.challenge_id, held.seat_id)), held, after, before)
        out.append(
            SeatChange(
                held.challenge_id,
                held.seat_id,
                held.peer_id,
                before,
                after.peer_id if after else None,
                after.start_date if after else None,
                rule,
                reason,
            )
        )
    return out


def _reason(
    broken: list | None, held: WorkflowSeat, after: Assignment | None, before: date
) -> tuple[str, str]:
    if broken:
        return broken[0].rule, broken[0].message
    if after is not None and after.peer_id == held.peer_id:
        return RuleId.S7, f"S7: the team's start moved from {before} to {after.start_date}"
    return RuleId.S7, MOVED_FOR_BETTER
