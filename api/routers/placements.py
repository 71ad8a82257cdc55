"""The placement workflow over HTTP: propose, list, overdue, history, and each change.

Every step that puts or keeps a peer on a team (propose, approve, put forward, select,
confirm) is checked by the independent validator against the rest of the year's active
placements (matcher.workflow.checks): a hard-rule break answers 422 naming the rule
code and the sentence. Several names may be in play for one seat (a setting); the
council's `select` makes the others not_selected.

Group offices see and answer only their own member peers' proposals (404 for others,
never 403, so a key cannot probe who is proposed where). A withdrawal answers with an
offer to find a replacement for the freed seat.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Path, Query, status
from pydantic import BaseModel, Field

from api import audit, replace_offer, workflow_db, workflow_read
from api.deps import (
    ManagerDep,
    NowDep,
    PageDep,
    ProgrammeDep,
    ProgrammeIdPath,
    ServicesDep,
    StaffDep,
)
from api.schemas import ErrorOut, Page
from api.workflow_read import PlacementOut
from matcher.workflow import TRANSITIONS, Action, State, WorkflowSeat, overdue_cutoff
from matcher.workflow.checks import MissingStart, check_step, start_for

router = APIRouter(
    tags=["placements"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)

PlacementIdPath = Annotated[int, Path(ge=1, le=2**62)]
CHECKED = frozenset({Action.APPROVE, Action.PUT_FORWARD, Action.SELECT, Action.CONFIRM})
"""Steps that keep a peer on a team: each is checked against the hard rules."""
Ref = Annotated[str, Field(min_length=1, max_length=200)]


class ProposalIn(BaseModel):
    challenge_id: Ref
    seat_id: Ref
    peer_id: Ref
    start_date: date | None = Field(
        default=None,
        description="The team's first onsite day; required where the window has more than "
        "one allowed start (a Monday).",
    )


class ChangeIn(BaseModel):
    note: str = Field(default="", max_length=2000, description="Kept in the history.")


class ChangeOut(PlacementOut):
    replace: replace_offer.ReplaceOffer | None = Field(
        default=None, description="After a withdrawal: how to find a replacement."
    )


@router.post(
    "/programmes/{programme_id}/placements",
    response_model=PlacementOut,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    summary="Propose a peer for a seat",
)
def propose(
    programme_id: ProgrammeIdPath,
    body: ProposalIn,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
    now: NowDep,
) -> PlacementOut:
    seat = programme.seat_by_key.get((body.challenge_id, body.seat_id))
    peer = programme.peer_by_id.get(body.peer_id)
    if seat is None or peer is None:
        raise HTTPException(422, "no such seat or peer in this programme")
    if seat.kind is not peer.kind:
        raise HTTPException(
            422,
            f"seat {body.seat_id} is a {seat.kind.value} seat; "
            f"{body.peer_id} is a {peer.kind.value} peer (H1)",
        )
    try:
        start = start_for(programme, body.challenge_id, body.start_date)
    except MissingStart as exc:
        raise HTTPException(422, str(exc)) from None
    step = WorkflowSeat(body.challenge_id, body.seat_id, peer.peer_id, State.PROPOSED, start)
    check_step(programme, workflow_read.workflow_seats(services.store, programme_id), step)
    return workflow_db.create(
        services.store,
        programme_id,
        body.challenge_id,
        body.seat_id,
        peer,
        caller,
        now,
        start_date=start,
        max_names=services.settings.max_names_per_seat,
    )


@router.get(
    "/programmes/{programme_id}/placements",
    response_model=Page[PlacementOut],
    summary="Placements of a programme (group offices: their member peers)",
)
def placements(
    programme_id: ProgrammeIdPath,
    services: ServicesDep,
    caller: StaffDep,
    page: PageDep,
    state: State | None = None,
    challenge_id: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[PlacementOut]:
    total, items = workflow_read.list_placements(
        services.store,
        caller,
        programme_id=programme_id,
        state=state,
        challenge_id=challenge_id,
        offset=page.offset,
        limit=page.limit,
    )
    _audit_read(services, caller, f"programmes/{programme_id}/placements", items)
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


def _audit_read(services, caller, resource: str, items: list[PlacementOut]) -> None:
    """Placements name peers (and their workflow notes): every read is in the audit log
    (docs/api.md), with the placements and peers shown."""
    audit.record(
        services.store,
        caller,
        "read",
        resource,
        personal=True,
        detail={
            "placement_ids": [p.placement_id for p in items],
            "peer_ids": sorted({p.peer_id for p in items}),
        },
    )


@router.get(
    "/placements/overdue",
    response_model=Page[PlacementOut],
    summary="Member-peer proposals waiting on a group office for too long",
)
def overdue(
    services: ServicesDep,
    caller: StaffDep,
    page: PageDep,
    now: NowDep,
    days: Annotated[int | None, Query(ge=1, le=365, description="Default: 10 (setting).")] = None,
) -> Page[PlacementOut]:
    cutoff = overdue_cutoff(now, days or services.settings.overdue_days)
    total, items = workflow_read.list_placements(
        services.store, caller, overdue_before=cutoff, offset=page.offset, limit=page.limit
    )
    _audit_read(services, caller, "placements/overdue", items)
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.get(
    "/placements/{placement_id}",
    response_model=PlacementOut,
    summary="One placement with its full history",
)
def placement(
    placement_id: PlacementIdPath, services: ServicesDep, caller: StaffDep
) -> PlacementOut:
    found = workflow_read.get(services.store, placement_id, caller)
    if found is None:
        raise HTTPException(404, f"no placement {placement_id} that this key may see")
    _audit_read(services, caller, f"placements/{placement_id}", [found])
    return found


@router.post(
    "/placements/{placement_id}/{action}",
    response_model=ChangeOut,
    responses={409: {"model": ErrorOut}},
    summary="Move a placement on: approve, decline (group office), put_forward, "
    "select, not_select, confirm (manager), withdraw",
)
def change(
    placement_id: PlacementIdPath,
    action: Action,
    services: ServicesDep,
    caller: StaffDep,
    now: NowDep,
    body: Annotated[ChangeIn | None, Body()] = None,
) -> ChangeOut:
    if action in CHECKED:
        _check_change(services, placement_id, action, caller)
    moved = workflow_db.transition(
        services.store, placement_id, action, caller, now, (body or ChangeIn()).note
    )
    if moved is None:
        raise HTTPException(404, f"no placement {placement_id} that this key may see")
    offer = replace_offer.offer(moved) if action is Action.WITHDRAW else None
    return ChangeOut(**moved.model_dump(), replace=offer)


def _check_change(services, placement_id: int, action: Action, caller) -> None:
    """The hard rules with the placement in its state after `action` (404 and the
    workflow's own refusals are left to the transition itself)."""
    found = workflow_read.get(services.store, placement_id, caller)
    if found is None or found.state not in TRANSITIONS[action].sources:
        return
    programme = services.programmes.get(found.programme_id)
    if found.peer_id not in programme.peer_by_id:
        return
    step = WorkflowSeat(
        found.challenge_id,
        found.seat_id,
        found.peer_id,
        TRANSITIONS[action].target,
        found.start_date,
        found.placement_id,
    )
    check_step(programme, workflow_read.workflow_seats(services.store, found.programme_id), step)
