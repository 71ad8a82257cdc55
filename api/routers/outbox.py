"""Messages over HTTP: what was sent (GET /outbox), send what is due now, peers' addresses.

The service also sends what is due every `mail.interval_s` seconds on its own
(api.app); POST /outbox/dispatch does it at once, with the service clock.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from api import audit, messaging, outbox
from api.deps import (
    ManagerDep,
    NowDep,
    PageDep,
    ProgrammeDep,
    ProgrammeIdPath,
    ServicesDep,
    StaffDep,
)
from api.outbox import MessageOut
from api.schemas import ErrorOut, Page

router = APIRouter(
    tags=["messages"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)


class ContactIn(BaseModel):
    email: str = Field(
        min_length=3,
        max_length=320,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where messages to this peer go.",
    )


@router.get(
    "/outbox",
    response_model=Page[MessageOut],
    summary="Messages sent or recorded, newest first (group offices: theirs)",
)
def messages(
    services: ServicesDep,
    caller: StaffDep,
    page: PageDep,
    programme_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
) -> Page[MessageOut]:
    total, items = outbox.list_messages(
        services.store,
        caller,
        programme_id=programme_id,
        kind=kind,
        offset=page.offset,
        limit=page.limit,
    )
    audit.record(
        services.store,
        caller,
        "read",
        "outbox",
        personal=True,
        detail={"message_ids": [m.message_id for m in items]},
    )
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post("/outbox/dispatch", summary="Send every message due now (service clock)")
def dispatch(services: ServicesDep, caller: ManagerDep, now: NowDep) -> dict[str, int]:
    counts = messaging.dispatch(services, now)
    audit.record(services.store, caller, "dispatch", "outbox", personal=False, detail=counts)
    return counts


@router.put(
    "/programmes/{programme_id}/peers/{peer_id}/contact",
    summary="Set the e-mail address messages to this peer go to",
)
def set_contact(
    programme_id: ProgrammeIdPath,
    peer_id: Annotated[str, Path(min_length=1, max_length=200)],
    body: ContactIn,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
    now: NowDep,
) -> dict[str, str]:
    if peer_id not in programme.peer_by_id:
        raise HTTPException(404, f"no peer {peer_id!r} in programme {programme_id}")
    outbox.set_contact(services.store, programme_id, peer_id, body.email, now)
    audit.record(
        services.store,
        caller,
        "update",
        f"programmes/{programme_id}/peers/{peer_id}/contact",
        personal=True,
    )
    return {"peer_id": peer_id, "email": body.email}
