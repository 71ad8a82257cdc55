"""The placement workflow: its states and transitions (states), and how it feeds later
solves (pins). Persistence lives in matcher.store.workflow; the service only adapts it."""

from matcher.workflow.pins import WorkflowSeat, pinned_programme
from matcher.workflow.states import (
    ACTIVE,
    CLOSED,
    TRANSITIONS,
    Action,
    Held,
    State,
    Transition,
    TransitionError,
    active_values,
    check_transition,
    overdue_cutoff,
    seat_clash,
)

__all__ = [
    "ACTIVE",
    "CLOSED",
    "TRANSITIONS",
    "Action",
    "Held",
    "State",
    "Transition",
    "TransitionError",
    "WorkflowSeat",
    "active_values",
    "check_transition",
    "overdue_cutoff",
    "pinned_programme",
    "seat_clash",
]
