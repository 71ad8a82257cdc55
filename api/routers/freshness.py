"""Stale profiles (issue 13 "Profile freshness"): who has not updated their profile for
12 months, per group office, as JSON and CSV.

A group office sees its own member peers; managers everyone (or one office, or the
officer peers with `group_office=officers`). No party or equalities field is listed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api import audit
from api.deps import NowDep, ProgrammeDep, ProgrammeIdPath, ServicesDep, StaffDep
from api.exports import csv_bytes
from api.keys import Principal
from api.privacy import can_see_peer
from api.profile_updates import stale_now
from api.schemas import ErrorOut
from matcher.freshness import stale_cutoff
from matcher.lapsing import lapsing
from matcher.models import GroupOffice, Peer
from matcher.programme import Programme

router = APIRouter(
    tags=["peers"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
Office = Annotated[
    GroupOffice | Literal["officers"] | None,
    Query(description="One group office, or `officers` (managers); default: all you see."),
]


class StaleOut(BaseModel):
    peer_id: str
    name: str
    kind: str
    group_office: str | None
    home_council: str
    profile_updated_on: date | None
    stale_since: date | None = Field(
        description="The day the profile turned stale (12 months on); null: never updated."
    )


def _stale(services, caller: Principal, programme: Programme, programme_id: int, office, today):
    if office is not None and not caller.is_manager and office != caller.group_office:
        raise HTTPException(403, "a group office sees only its own peers' profiles")
    found = []
    for peer in stale_now(services.store, programme, programme_id, today):
        if not (can_see_peer(caller, peer) and _in(peer, office)):
            continue
        updated = peer.profile_updated_on
        found.append(
            StaleOut(
                peer_id=peer.peer_id,
                name=peer.name,
                kind=peer.kind.value,
                group_office=peer.group_office.value if peer.group_office else None,
                home_council=peer.home_council,
                profile_updated_on=updated,
                stale_since=None if updated is None else _anniversary(updated),
            )
        )
    return sorted(found, key=lambda s: (s.group_office or "~", s.name, s.peer_id))


def _in(peer: Peer, office) -> bool:
    if office is None:
        return True
    if office == "officers":
        return peer.group_office is None
    return peer.group_office is office


def _anniversary(updated: date) -> date:
    return date(updated.year + 1, updated.month, 28 if updated.day == 29 else updated.day)


def _audited(services, caller, programme_id: int, items: list[StaleOut], today: date) -> None:
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/stale-profiles",
        personal=True,
        detail={"peer_ids": [i.peer_id for i in items], "cutoff": stale_cutoff(today)},
    )


@router.get(
    "/programmes/{programme_id}/stale-profiles",
    response_model=list[StaleOut],
    summary="Peers whose profile was not updated for 12 months (service clock)",
)
def stale_profiles(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: StaffDep,
    now: NowDep,
    group_office: Office = None,
) -> list[StaleOut]:
    items = _stale(services, caller, programme, programme_id, group_office, now.date())
    _audited(services, caller, programme_id, items, now.date())
    return items


@router.get(
    "/programmes/{programme_id}/stale-profiles.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
    summary="The stale profiles as CSV (one group office with `group_office`)",
)
def stale_profiles_csv(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: StaffDep,
    now: NowDep,
    group_office: Office = None,
) -> Response:
    items = _stale(services, caller, programme, programme_id, group_office, now.date())
    _audited(services, caller, programme_id, items, now.date())
    frame = pd.DataFrame([i.model_dump() for i in items], columns=list(StaleOut.model_fields))
    name = f"stale-profiles-{group_office or 'all'}.csv"
    return Response(
        csv_bytes(frame),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


class LapseOut(BaseModel):
    peer_id: str
    name: str
    group_office: str | None
    what: Literal["training", "conference"]
    attended_on: date | None
    lapses_on: date | None = Field(
        description="First start date H6 no longer accepts it for; null: never recorded."
    )


@router.get(
    "/programmes/{programme_id}/lapsing",
    response_model=list[LapseOut],
    summary="Member peers whose training or conference lapses in the next N months (H6)",
)
def lapsing_list(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: StaffDep,
    now: NowDep,
    months: Annotated[int, Query(ge=1, le=36)] = 6,
    lapsed: Annotated[bool, Query(description="Also list what has already lapsed.")] = False,
) -> list[LapseOut]:
    visible = [p for p in programme.peers if can_see_peer(caller, p)]
    items = [
        LapseOut(
            peer_id=x.peer.peer_id,
            name=x.peer.name,
            group_office=x.peer.group_office.value if x.peer.group_office else None,
            what=x.what,
            attended_on=x.attended_on,
            lapses_on=x.lapses_on,
        )
        for x in lapsing(visible, now.date(), months, include_lapsed=lapsed)
    ]
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/lapsing",
        personal=True,
        detail={"peer_ids": sorted({i.peer_id for i in items}), "months": months},
    )
    return items
