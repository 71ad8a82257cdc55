"""Feedback on member peers and a peer's history (issue 13 "Feedback").

POST needs a manager; reads are for managers and the peer's own group office (404 for
anyone else, as for placements). Every read and write is in the audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, Field
from sqlalchemy import select

from api import audit, feedback
from api.deps import ManagerDep, NowDep, ProgrammeDep, ProgrammeIdPath, ServicesDep, StaffDep
from api.feedback import DueOut, FeedbackIn, FeedbackOut
from api.keys import Principal
from api.placement_dates import council_name, on_site
from api.privacy import can_see_peer
from api.schemas import ErrorOut
from api.state import Services
from api.workflow_db import visible
from matcher.store.service_tables import PlacementRow

router = APIRouter(
    tags=["feedback"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
PlacementIdPath = Annotated[int, Path(ge=1, le=2**62)]


def _placement(services: Services, placement_id: int, caller: Principal) -> PlacementRow:
    with services.store.read() as session:
        row = session.scalar(
            visible(select(PlacementRow), caller).where(PlacementRow.id == placement_id)
        )
        if row is None:
            raise HTTPException(404, f"no placement {placement_id} that this key may see")
        session.expunge(row)
        return row


@router.post(
    "/placements/{placement_id}/feedback",
    response_model=FeedbackOut,
    responses={409: {"model": ErrorOut}},
    summary="Record feedback on a member peer after the challenge ended (manager)",
)
def give(
    placement_id: PlacementIdPath,
    body: FeedbackIn,
    services: ServicesDep,
    caller: ManagerDep,
    now: NowDep,
) -> FeedbackOut:
    row = _placement(services, placement_id, caller)
    programme = services.programmes.get(row.programme_id)
    try:
        written = feedback.record(services, programme, row, body, caller.label, now)
    except feedback.NotYet as exc:
        raise HTTPException(409, str(exc)) from None
    audit.record(
        services.store,
        caller,
        "update",
        f"placements/{placement_id}/feedback",
        personal=True,
        detail={"peer_id": row.peer_id, "rating": body.rating},
    )
    return written


@router.get(
    "/placements/{placement_id}/feedback",
    response_model=FeedbackOut,
    summary="The feedback on a placement (managers and the peer's group office)",
)
def read(placement_id: PlacementIdPath, services: ServicesDep, caller: StaffDep) -> FeedbackOut:
    row = _placement(services, placement_id, caller)
    found = feedback.get(services, placement_id)
    if found is None:
        raise HTTPException(404, f"no feedback on placement {placement_id} yet")
    audit.record(
        services.store,
        caller,
        "read",
        f"placements/{placement_id}/feedback",
        personal=True,
        detail={"peer_id": row.peer_id},
    )
    return found


@router.get(
    "/programmes/{programme_id}/feedback/due",
    response_model=list[DueOut],
    summary="Confirmed member placements whose challenge ended and that lack feedback",
)
def due(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
    now: NowDep,
) -> list[DueOut]:
    items = feedback.due(services, programme, programme_id, now.date())
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/feedback/due",
        personal=True,
        detail={"placement_ids": [i.placement_id for i in items]},
    )
    return items


@router.get(
    "/programmes/{programme_id}/feedback",
    response_model=list[FeedbackOut],
    summary="Feedback recorded in a programme (group offices: on their own member peers)",
)
def recorded(
    programme_id: ProgrammeIdPath, services: ServicesDep, caller: StaffDep
) -> list[FeedbackOut]:
    office = None if caller.is_manager else caller.group_office.value
    items = feedback.visible_feedback(services, programme_id, office)
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/feedback",
        personal=True,
        detail={"placement_ids": [i.placement_id for i in items]},
    )
    return items


class HistoryItem(BaseModel):
    placement_id: int
    challenge_id: str
    council_name: str
    seat_id: str
    state: str
    start: date | None = Field(description="First onsite day (provisional for open windows).")
    end: date | None
    feedback: FeedbackOut | None


@router.get(
    "/programmes/{programme_id}/peers/{peer_id}/history",
    response_model=list[HistoryItem],
    summary="A peer's placements in this programme with dates and feedback",
)
def history(
    programme_id: ProgrammeIdPath,
    peer_id: Annotated[str, Path(min_length=1, max_length=200)],
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: StaffDep,
) -> list[HistoryItem]:
    peer = programme.peer_by_id.get(peer_id)
    if peer is None or not can_see_peer(caller, peer):
        raise HTTPException(404, f"no peer {peer_id!r} that this key may see")
    query = select(PlacementRow).where(
        PlacementRow.programme_id == programme_id, PlacementRow.peer_id == peer_id
    )
    with services.store.read() as session:
        rows = list(session.scalars(query.order_by(PlacementRow.id)))
        session.expunge_all()
    dates = on_site(services.store, programme, rows)
    notes = feedback.for_peer(services, programme_id, peer_id)
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/peers/{peer_id}/history",
        personal=True,
    )
    return [
        HistoryItem(
            placement_id=r.id,
            challenge_id=r.challenge_id,
            council_name=council_name(programme, r.challenge_id),
            seat_id=r.seat_id,
            state=r.state,
            start=dates[r.id].start if r.id in dates else None,
            end=dates[r.id].end if r.id in dates else None,
            feedback=notes.get(r.id),
        )
        for r in rows
    ]
