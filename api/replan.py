"""Accepting a re-plan: the seats it changes move in the workflow, each step checked.

A re-plan's summary lists every seat in play it changes (matcher.workflow.replan). When a
manager accepts it, each old placement is withdrawn with the reason as its note (a
confirmed one never is: a re-plan cannot change it), and the re-plan's peers are proposed
with their starts, checked together against the hard rules (one validator run for all,
matcher.workflow.checks.steps_violations); a refused one is listed with its rule.
"""

from __future__ import annotations

from datetime import date, datetime

from api import workflow_db, workflow_read
from api.keys import Principal
from api.state import Services
from api.workflow_db import SeatTaken
from matcher.store import RunRecord
from matcher.workflow import ACTIVE, Action, State, WorkflowSeat
from matcher.workflow.checks import steps_violations


def accept_changes(services: Services, record: RunRecord, who: Principal, now: datetime) -> dict:
    """Withdraw and propose for every changed seat; what was done and what was not."""
    changes = ((record.summary or {}).get("personal") or {}).get("changed_seats") or []
    pid = record.programme_id
    programme = services.programmes.get(pid)
    done: dict[str, list] = {"withdrawn": [], "proposed": [], "not_done": []}
    for change in changes:
        _withdraw(services, pid, change, who, now, done)
    steps = _steps(changes, programme.peer_by_id)
    refused = steps_violations(programme, workflow_read.workflow_seats(services.store, pid), steps)
    for step in steps:
        broken = refused.get((step.challenge_id, step.seat_id))
        if broken:
            done["not_done"].append({**_seat(step), "reason": broken[0].message})
            continue
        try:
            made = workflow_db.create(
                services.store,
                pid,
                step.challenge_id,
                step.seat_id,
                programme.peer_by_id[step.peer_id],
                who,
                now,
                start_date=step.start_date,
                max_names=services.settings.max_names_per_seat,
            )
            done["proposed"].append(made.placement_id)
        except SeatTaken as exc:
            done["not_done"].append({**_seat(step), "reason": str(exc)})
    return done


def _steps(changes: list[dict], peers: dict) -> list[WorkflowSeat]:
    """The re-plan's new peers as proposals with their starts (erased peers left out)."""
    return [
        WorkflowSeat(
            c["challenge_id"],
            c["seat_id"],
            c["after_peer"],
            State.PROPOSED,
            date.fromisoformat(c["after_start"]),
        )
        for c in changes
        if c.get("after_peer") in peers
    ]


def _seat(step: WorkflowSeat | dict) -> dict:
    if isinstance(step, dict):
        return {"challenge_id": step["challenge_id"], "seat_id": step["seat_id"]}
    return {"challenge_id": step.challenge_id, "seat_id": step.seat_id}


def _withdraw(services, pid: int, change: dict, who, now, done: dict) -> None:
    _, held = workflow_read.list_placements(
        services.store, who, programme_id=pid, challenge_id=change["challenge_id"], limit=500
    )
    for p in held:
        if (p.seat_id, p.peer_id) != (change["seat_id"], change["before_peer"]):
            continue
        if p.state is State.CONFIRMED:
            done["not_done"].append({**_seat(change), "reason": "confirmed: kept as it is"})
        elif p.state in ACTIVE:
            note = f"re-plan: {change['reason']}"
            workflow_db.transition(services.store, p.placement_id, Action.WITHDRAW, who, now, note)
            done["withdrawn"].append(p.placement_id)
