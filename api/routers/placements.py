"""The placement workflow over HTTP: propose, list, overdue, history, and each change.

Group offices see and answer only their own member peers' proposals (404 for others,
never 403, so a key cannot probe who is proposed where). A withdrawal answers with an
offer to find a replacement for the freed seat.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Path, Query, status
from pydantic import BaseModel, Field

from api import audit, replace_offer, workflow_db
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
from api.workflow import Action, State
from api.workflow_db import PlacementOut

router = APIRouter(
    tags=["placements"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)

PlacementIdPath = Annotated[int, Path(ge=1, le=2**62)]
Ref = Annotated[str, Field(min_length=1, max_length=200)]


class ProposalIn(BaseModel):
    challenge_id: Ref
    seat_id: Ref
    peer_id: Ref


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
    return workflow_db.create(
        services.db, programme_id, body.challenge_id, body.seat_id, peer, caller, now
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
    total, items = workflow_db.list_placements(
        services.db,
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
        services.db,
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
    cutoff = workflow_db.overdue_cutoff(now, days or services.settings.overdue_days)
    total, items = workflow_db.list_placements(
        services.db, caller, overdue_before=cutoff, offset=page.offset, limit=page.limit
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
    found = workflow_db.get(services.db, placement_id, caller)
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
    moved = workflow_db.transition(
        services.db, placement_id, action, caller, now, (body or ChangeIn()).note
    )
    if moved is None:
        raise HTTPException(404, f"no placement {placement_id} that this key may see")
    offer = replace_offer.offer(moved) if action is Action.WITHDRAW else None
    return ChangeOut(**moved.model_dump(), replace=offer)
