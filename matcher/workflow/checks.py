"""Every manual step is checked against the hard rules (DOMAIN.md, placement workflow).

Propose, approve, put forward, select, confirm and replace each run the independent
validator (matcher.validation) on the year's active placements with the step applied,
and on the same placements without it; the violations the step adds are its answer.
Other names in play for the same seat are alternatives, not team members, so they are
left out; a seat with several names counts once, by its leading name (pins.leading).
Unfilled seats and a team's diversity minimum (S2 required) are judged on whole plans,
not on one step, so a step is never refused for them.
"""

from __future__ import annotations

from datetime import date

from matcher.plan_usage import placement_assignment
from matcher.programme import Programme, start_options
from matcher.rules import RuleId
from matcher.validation import Violation, validate
from matcher.workflow.pins import WorkflowSeat, leading
from matcher.workflow.states import ACTIVE

WHOLE_PLAN_DETAILS = frozenset({"unfilled"})
WHOLE_PLAN_RULES = frozenset({RuleId.S2})


def _key(v: Violation) -> tuple:
    return (v.rule, v.challenge_id, v.seat_id, v.peer_id, v.detail)


def _rest(
    programme: Programme, year: list[WorkflowSeat], seats: set[tuple[str, str]]
) -> list[WorkflowSeat]:
    """The year's active placements (one per seat) other than on `seats`."""
    return leading(
        [
            s
            for s in year
            if s.state in ACTIVE
            and (s.challenge_id, s.seat_id) not in seats
            and s.peer_id in programme.peer_by_id
            and (s.challenge_id, s.seat_id) in programme.seat_by_key
        ]
    )


def step_violations(
    programme: Programme, year: list[WorkflowSeat], step: WorkflowSeat
) -> list[Violation]:
    """The hard-rule violations `step` (a placement in its state after the step) adds
    to the rest of the year's active placements `year`."""
    rest = _rest(programme, year, {(step.challenge_id, step.seat_id)})
    base = [placement_assignment(programme, s) for s in rest]
    before = {_key(v) for v in validate(programme, base).violations}
    after = validate(programme, [*base, placement_assignment(programme, step)]).violations
    return [
        v
        for v in after
        if _key(v) not in before
        and v.detail not in WHOLE_PLAN_DETAILS
        and v.rule not in WHOLE_PLAN_RULES
    ]


def steps_violations(
    programme: Programme, year: list[WorkflowSeat], steps: list[WorkflowSeat]
) -> dict[tuple[str, str], list[Violation]]:
    """step_violations for many steps taken together (accepting a re-plan): two runs of
    the validator instead of two per step. Each new violation is laid at the steps it
    names: its seat, else its peer, else every step of its challenge."""
    seats = {(s.challenge_id, s.seat_id) for s in steps}
    rest = _rest(programme, year, seats)
    base = [placement_assignment(programme, s) for s in rest]
    before = {_key(v) for v in validate(programme, base).violations}
    added = [placement_assignment(programme, s) for s in steps]
    found: dict[tuple[str, str], list[Violation]] = {}
    for v in validate(programme, [*base, *added]).violations:
        if _key(v) in before or v.detail in WHOLE_PLAN_DETAILS or v.rule in WHOLE_PLAN_RULES:
            continue
        named = [
            s
            for s in steps
            if (s.challenge_id, s.seat_id) == (v.challenge_id, v.seat_id) or s.peer_id == v.peer_id
        ] or [s for s in steps if s.challenge_id == v.challenge_id]
        for s in named:
            found.setdefault((s.challenge_id, s.seat_id), []).append(v)
    return found


class StepRefused(ValueError):
    """A manual step would break a hard rule: the answer names each rule and sentence."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        super().__init__("; ".join(v.message for v in violations))


def check_step(programme: Programme, year: list[WorkflowSeat], step: WorkflowSeat) -> None:
    """StepRefused when `step` adds a hard-rule violation to the year (see the module)."""
    found = step_violations(programme, year, step)
    if found:
        raise StepRefused(found)


def start_for(programme: Programme, challenge_id: str, start: date | None) -> date:
    """The start a proposal names: required where the window has more than one (H3);
    one that is not an allowed start is refused like any other H3 break."""
    options = start_options(programme.challenge_by_id[challenge_id])
    if start is not None:
        return start
    if len(options) > 1:
        raise MissingStart(
            f"start_date is required: challenge {challenge_id} may start on "
            f"{len(options)} Mondays ({options[0]} to {options[-1]})"
        )
    return options[0]


class MissingStart(ValueError):
    """A proposal for a challenge with several allowed starts names none."""


def change_violations(
    before: Programme, after: Programme, year: list[WorkflowSeat]
) -> list[tuple[WorkflowSeat, Violation]]:
    """The hard-rule violations a change to the programme's rows (e.g. a peer's own
    correction: new unavailability, H3) adds to the year's active placements: the
    validator on the same placements under `before` and under `after`. Each is laid at
    the placement it names (its seat, else its peer on that challenge), like a step."""
    rest = _rest(after, year, set())
    rest = [s for s in rest if s.peer_id in before.peer_by_id]
    seen = {
        _key(v)
        for v in validate(before, [placement_assignment(before, s) for s in rest]).violations
    }
    found = []
    for v in validate(after, [placement_assignment(after, s) for s in rest]).violations:
        if _key(v) in seen or v.detail in WHOLE_PLAN_DETAILS or v.rule in WHOLE_PLAN_RULES:
            continue
        named = [
            s
            for s in rest
            if (s.challenge_id, s.seat_id) == (v.challenge_id, v.seat_id)
            or (s.peer_id == v.peer_id and s.challenge_id == v.challenge_id)
        ] or [s for s in rest if s.peer_id == v.peer_id]
        found += [(s, v) for s in named]
    return found
