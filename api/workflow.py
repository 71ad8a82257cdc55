"""The placement workflow's states and rules, and how it feeds later solves.

A proposed seat moves proposed -> approved or declined by the peer's group office
(member peers; officer peers skip that step) -> put forward to the council -> selected
or not selected -> confirmed, or is withdrawn from any state that still holds the seat.
Each change is stored with its time and who made it (api.workflow_db).

Later solves see the workflow (`pinned_programme`): confirmed seats are pinned, seats
still in play are kept where possible (S7), and a peer declined, not selected or
withdrawn on a challenge is not proposed for it again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from api.keys import Role
from matcher.models import Placement, PlacementStatus
from matcher.programme import Programme


class State(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    DECLINED = "declined"
    PUT_FORWARD = "put_forward"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"


ACTIVE = frozenset(
    {State.PROPOSED, State.APPROVED, State.PUT_FORWARD, State.SELECTED, State.CONFIRMED}
)
"""States that still hold the seat (api.db.tables.ACTIVE_STATES_SQL mirrors this)."""
CLOSED = frozenset(State) - ACTIVE


class Action(StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"
    PUT_FORWARD = "put_forward"
    SELECT = "select"
    NOT_SELECT = "not_select"
    CONFIRM = "confirm"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[State]
    target: State
    roles: frozenset[Role]
    members_only: bool = False


_GO = frozenset({Role.MANAGER, Role.GROUP_OFFICE})
_MANAGER = frozenset({Role.MANAGER})

TRANSITIONS: dict[Action, Transition] = {
    Action.APPROVE: Transition(frozenset({State.PROPOSED}), State.APPROVED, _GO, True),
    Action.DECLINE: Transition(frozenset({State.PROPOSED}), State.DECLINED, _GO, True),
    Action.PUT_FORWARD: Transition(
        frozenset({State.APPROVED, State.PROPOSED}), State.PUT_FORWARD, _MANAGER
    ),
    Action.SELECT: Transition(frozenset({State.PUT_FORWARD}), State.SELECTED, _MANAGER),
    Action.NOT_SELECT: Transition(frozenset({State.PUT_FORWARD}), State.NOT_SELECTED, _MANAGER),
    Action.CONFIRM: Transition(frozenset({State.SELECTED}), State.CONFIRMED, _MANAGER),
    Action.WITHDRAW: Transition(ACTIVE, State.WITHDRAWN, _GO),
}


class TransitionError(ValueError):
    """A change the workflow does not allow from the placement's current state."""


def check_transition(action: Action, state: State, is_member: bool, role: Role) -> State:
    """The new state, or TransitionError / PermissionError saying why not."""
    rule = TRANSITIONS[action]
    if role not in rule.roles:
        raise PermissionError(f"{action.value} needs the role {' or '.join(sorted(rule.roles))}")
    if rule.members_only and not is_member:
        raise TransitionError(
            f"{action.value}: officer peers are not approved by a group "
            "office; put them forward directly"
        )
    if action is Action.PUT_FORWARD and is_member and state is State.PROPOSED:
        raise TransitionError(
            "a member peer is put forward only after their group office "
            "approved (proposed -> approved -> put_forward)"
        )
    if state not in rule.sources:
        allowed = ", ".join(sorted(s.value for s in rule.sources))
        raise TransitionError(
            f"cannot {action.value} a placement that is {state.value} (allowed from: {allowed})"
        )
    return rule.target


@dataclass(frozen=True)
class WorkflowSeat:
    """What a solve needs to know of one workflow placement."""

    challenge_id: str
    seat_id: str
    peer_id: str
    state: State
    run_id: str | None = None
    """The run that proposed it: its assignment row dates the seat (shortlist plans)."""


def pinned_programme(programme: Programme, seats: list[WorkflowSeat]) -> tuple[Programme, dict]:
    """The programme as a new solve should see it, and counts for the run's record.

    Workflow seats override the programme file's placements for the same seat or the
    same peer on the same challenge; rows naming an erased peer or an unknown seat are
    skipped.
    """
    known = [
        s
        for s in seats
        if s.peer_id in programme.peer_by_id
        and (s.challenge_id, s.seat_id) in programme.seat_by_key
    ]
    active = [s for s in known if s.state in ACTIVE]
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
        )
        for s in active
    ]
    active_peers = {(s.challenge_id, s.peer_id) for s in active}
    excluded: dict[str, set[str]] = {}
    for s in known:
        if s.state in CLOSED and (s.challenge_id, s.peer_id) not in active_peers:
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
        return programme, counts
    return dataclasses.replace(
        programme, placements=tuple(kept) + tuple(pins), challenges=challenges
    ), counts
