"""How the placement workflow feeds later solves.

Confirmed seats are pinned, seats still in play are kept where possible (S7), and a peer
declined, not selected or withdrawn on a challenge is not proposed for it again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from matcher.models import Placement, PlacementStatus
from matcher.programme import Programme
from matcher.workflow.states import ACTIVE, CLOSED, PROGRESS, State


@dataclass(frozen=True)
class WorkflowSeat:
    """What a solve (and a step's check) needs to know of one workflow placement."""

    challenge_id: str
    seat_id: str
    peer_id: str
    state: State
    start_date: date | None = None
    placement_id: int | None = None
    run_id: str | None = None
    """The run that proposed it: its assignment row dates the seat (shortlist plans)."""


def leading(active: list[WorkflowSeat]) -> list[WorkflowSeat]:
    """One placement per seat when several names are in play: the furthest along
    (confirmed, selected, put forward, approved, proposed), the first proposed on a tie.
    The others are alternatives the council may still choose; no solve sees them."""
    best: dict[tuple[str, str], WorkflowSeat] = {}
    for s in active:
        key = (s.challenge_id, s.seat_id)
        if key not in best or PROGRESS[s.state] > PROGRESS[best[key].state]:
            best[key] = s
    return list(best.values())


def pin_confirmed_starts(programme: Programme) -> Programme:
    """Confirmed placements keep their start: the challenge's window narrows to that
    day, so every later solve (and the validator) sees the team's dates as fixed."""
    starts = {
        p.challenge_id: p.start_date
        for p in programme.placements
        if p.status is PlacementStatus.CONFIRMED and p.start_date is not None
    }
    if not starts:
        return programme
    challenges = tuple(
        c.model_copy(
            update={"earliest_start": starts[c.challenge_id]}
            | {"latest_start": starts[c.challenge_id]}
        )
        if c.challenge_id in starts
        else c
        for c in programme.challenges
    )
    return dataclasses.replace(programme, challenges=challenges)


def _merged(
    programme: Programme, known: list[WorkflowSeat], active: list[WorkflowSeat], with_state: bool
) -> tuple[list[Placement], list[Placement]]:
    """The file's placements the workflow does not override, and the workflow's own."""
    taken_seats = {(s.challenge_id, s.seat_id) for s in active}
    taken_peers = {(s.challenge_id, s.peer_id) for s in known}
    kept = [
        p
        for p in programme.placements
        if (p.challenge_id, p.seat_id) not in taken_seats
        and (p.challenge_id, p.peer_id) not in taken_peers
    ]
    pins = [
        Placement(
            challenge_id=s.challenge_id,
            seat_id=s.seat_id,
            peer_id=s.peer_id,
            status=PlacementStatus.CONFIRMED
            if s.state is State.CONFIRMED
            else PlacementStatus.PROPOSED,
            start_date=s.start_date,
            state=s.state.value if with_state else None,
        )
        for s in active
    ]
    return kept, pins


def exported(programme: Programme, seats: list[WorkflowSeat]) -> Programme:
    """The programme as its folder should read today: the workflow's seats in play (one
    per seat) written into `placements` with their state and start, the rest unchanged."""
    known = [
        s
        for s in seats
        if s.peer_id in programme.peer_by_id
        and (s.challenge_id, s.seat_id) in programme.seat_by_key
    ]
    kept, pins = _merged(programme, known, leading([s for s in known if s.state in ACTIVE]), True)
    return dataclasses.replace(programme, placements=(*kept, *pins))


def pinned_programme(programme: Programme, seats: list[WorkflowSeat]) -> tuple[Programme, dict]:
    """The programme as a new solve should see it, and counts for the run's record.

    Workflow seats override the programme file's placements for the same seat or the
    same peer on the same challenge; rows naming an erased peer or an unknown seat are
    skipped. Confirmed placements keep peer, seat and start (pin_confirmed_starts).
    """
    known = [
        s
        for s in seats
        if s.peer_id in programme.peer_by_id
        and (s.challenge_id, s.seat_id) in programme.seat_by_key
    ]
    active = leading([s for s in known if s.state in ACTIVE])
    kept, pins = _merged(programme, known, active, with_state=False)
    in_play = {(s.challenge_id, s.peer_id) for s in known if s.state in ACTIVE}
    excluded: dict[str, set[str]] = {}
    for s in known:
        if s.state in CLOSED and (s.challenge_id, s.peer_id) not in in_play:
            excluded.setdefault(s.challenge_id, set()).add(s.peer_id)
    challenges = tuple(
        c.model_copy(
            update={"vetoes": tuple(dict.fromkeys([*c.vetoes, *sorted(excluded[c.challenge_id])]))}
        )
        if c.challenge_id in excluded
        else c
        for c in programme.challenges
    )
    counts = {
        "confirmed": sum(s.state is State.CONFIRMED for s in active),
        "kept_if_possible": sum(s.state is not State.CONFIRMED for s in active),
        "excluded": sum(len(v) for v in excluded.values()),
    }
    if not seats:
        return pin_confirmed_starts(programme), counts
    pinned = dataclasses.replace(
        programme, placements=tuple(kept) + tuple(pins), challenges=challenges
    )
    return pin_confirmed_starts(pinned), counts
