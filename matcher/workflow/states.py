"""The placement workflow's states and the transitions between them (DOMAIN.md).

A proposed seat moves proposed -> approved or declined by the peer's group office
(member peers; officer peers skip that step) -> put forward to the council -> selected
or not selected -> confirmed, or is withdrawn from any state that still holds the seat.
Each change is stored with its time and who made it (matcher.store.workflow).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from matcher.roles import Role


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
"""States that still hold the seat (or are in play for it, when several names are)."""
PROGRESS = {
    State.PROPOSED: 0,
    State.APPROVED: 1,
    State.PUT_FORWARD: 2,
    State.SELECTED: 3,
    State.CONFIRMED: 4,
}
"""How far along each active state is (which of several names a solve keeps)."""
DEFAULT_MAX_NAMES = 3
"""Names that may be in play for one seat at once ("a number of names may be put
forward"); a setting of the service may change it."""
CLOSED = frozenset(State) - ACTIVE
GROUP_OFFICE_ANSWER_DAYS = 10
"""Group offices answer a proposal for one of their member peers within 10 days."""


def active_values() -> list[str]:
    """ACTIVE as stored strings, in a stable order (queries and the partial index)."""
    return sorted(state.value for state in ACTIVE)


def overdue_cutoff(now: datetime, days: int = GROUP_OFFICE_ANSWER_DAYS) -> datetime:
    """Proposals waiting since before this moment are overdue (more than `days` days)."""
    return now - timedelta(days=days)


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
class Held:
    """An active placement on a challenge, as the clash rule needs to see it."""

    placement_id: int
    seat_id: str
    peer_id: str
    state: State
    run_id: str | None = None
    """The run that proposed it: its assignment row dates the seat (shortlist plans)."""


def seat_clash(
    held: list[Held],
    challenge_id: str,
    seat_id: str,
    peer_id: str,
    max_names: int = DEFAULT_MAX_NAMES,
) -> str | None:
    """Why a new name cannot join the challenge's active placements, or None.

    Up to `max_names` names may be in play for one seat until the council selects one;
    H2 one seat each: a peer holds at most one seat per challenge.
    """
    on_seat = [row for row in held if row.seat_id == seat_id]
    for row in held:
        if row.peer_id == peer_id:
            return (
                f"peer {peer_id} already holds seat {row.seat_id} on {challenge_id} "
                f"(placement {row.placement_id}; H2 one seat each)"
            )
    chosen = [r for r in on_seat if r.state in (State.SELECTED, State.CONFIRMED)]
    if chosen:
        return (
            f"seat {challenge_id}/{seat_id} is already {chosen[0].state.value} "
            f"(placement {chosen[0].placement_id})"
        )
    if len(on_seat) >= max_names:
        return (
            f"seat {challenge_id}/{seat_id} already has {len(on_seat)} names in play "
            f"(at most {max_names})"
        )
    return None


def not_selected_with(held: list[Held], selected: Held) -> list[Held]:
    """The other names in play for the seat the council just chose from: they become
    not_selected."""
    return [
        r
        for r in held
        if r.seat_id == selected.seat_id
        and r.placement_id != selected.placement_id
        and r.state in ACTIVE
    ]
