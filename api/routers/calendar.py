"""Calendars (.ics) of put-forward and confirmed placements (issue 13 "Calendars").

One of `peer_id`, `challenge_id` or `group_office` chooses whose dates. A peer's calendar
goes to managers and to the peer's own group office; a group office's to managers and
that office; a challenge's to managers (a group office gets its own member peers on it).
Viewers get none. Each download is a read of personal data and is audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy import select

from api import audit
from api.deps import NowDep, ProgrammeDep, ProgrammeIdPath, ServicesDep, StaffDep
from api.keys import Principal
from api.placement_dates import council_name, on_site
from api.privacy import can_see_peer
from api.schemas import ErrorOut
from api.workflow_db import visible
from matcher.calendar import Booking, calendar
from matcher.models import GroupOffice
from matcher.programme import Programme
from matcher.store.service_tables import PlacementRow
from matcher.workflow import State

router = APIRouter(
    tags=["calendars"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
SHOWN = (State.PUT_FORWARD, State.SELECTED, State.CONFIRMED)
"""Placements a calendar holds: put forward to the council or further."""


def _scope(caller: Principal, programme: Programme, peer_id, challenge_id, group_office):
    """The filter on placement rows and the calendar's name; 404/403/422 when refused."""
    chosen = [x for x in (peer_id, challenge_id, group_office) if x is not None]
    if len(chosen) != 1:
        raise HTTPException(422, "give exactly one of peer_id, challenge_id or group_office")
    if peer_id is not None:
        peer = programme.peer_by_id.get(peer_id)
        if peer is None or not can_see_peer(caller, peer):
            raise HTTPException(404, f"no peer {peer_id!r} that this key may see")
        return PlacementRow.peer_id == peer_id, f"Peer challenges: {peer.name}"
    if challenge_id is not None:
        if challenge_id not in programme.challenge_by_id:
            raise HTTPException(404, f"no challenge {challenge_id!r}")
        name = council_name(programme, challenge_id)
        return PlacementRow.challenge_id == challenge_id, f"Peer challenge at {name}"
    if not caller.is_manager and caller.group_office is not group_office:
        raise HTTPException(403, "a group office sees only its own calendar")
    office = group_office.value
    return PlacementRow.group_office == office, f"Peer challenges: {office.replace('_', ' ')}"


@router.get(
    "/programmes/{programme_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 422: {"model": ErrorOut}},
    summary="An iCalendar file of put-forward and confirmed placements, with team meetings",
)
def calendar_ics(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: StaffDep,
    now: NowDep,
    peer_id: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    challenge_id: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    group_office: GroupOffice | None = None,
) -> Response:
    where, name = _scope(caller, programme, peer_id, challenge_id, group_office)
    query = visible(select(PlacementRow), caller).where(
        PlacementRow.programme_id == programme_id,
        PlacementRow.state.in_([s.value for s in SHOWN]),
        where,
    )
    with services.store.read() as session:
        rows = list(session.scalars(query.order_by(PlacementRow.id)))
        session.expunge_all()
    dates = on_site(services.store, programme, rows)
    bookings = [_booking(programme, row, dates[row.id]) for row in rows if row.id in dates]
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/calendar",
        personal=True,
        detail={"placement_ids": [r.id for r in rows], "name": name},
    )
    return Response(
        calendar(name, bookings, now),
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="peer-challenges.ics"'},
    )


def _booking(programme: Programme, row: PlacementRow, when) -> Booking:
    peer = programme.peer_by_id.get(row.peer_id)
    challenge = programme.challenge_by_id[row.challenge_id]
    return Booking(
        uid=f"placement-{row.id}",
        peer_name=peer.name if peer else row.peer_id,
        council_name=council_name(programme, row.challenge_id),
        challenge_id=row.challenge_id,
        challenge_type=challenge.type.value,
        seat_id=row.seat_id,
        start=when.start,
        end=when.end,
        confirmed=row.state == State.CONFIRMED.value,
        dates_settled=when.settled,
    )
