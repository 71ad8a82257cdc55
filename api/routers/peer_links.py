"""Signed links to a peer's own page, prompts to stale profiles, and what peers answered
(issue 13 "Profile freshness"), and the conflicts peers' own corrections raised with
the year's placements (api.peer_corrections). All for managers: a link opens a person's equalities
answers, so only the peer may hold it; the outbox keeps prompts with the link withheld.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel

from api import audit, profile_updates
from api.deps import ManagerDep, NowDep, ProgrammeDep, ProgrammeIdPath, ServicesDep
from api.outbox import contact_of, outbox_row
from api.peer_corrections import ConflictOut, NoConflict, open_conflicts, resolve
from api.profile_updates import ProfileUpdateOut, sign, stale_now
from api.schemas import ErrorOut
from api.state import Services
from matcher.messages import send
from matcher.messages.compose import profile_prompt
from matcher.models import Peer

router = APIRouter(
    tags=["peers"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
WITHHELD = "[the peer's own link, withheld from this record]"


class LinkOut(BaseModel):
    url: str
    valid_days: int


def _url(services: Services, programme_id: int, peer_id: str) -> str:
    token = sign(services.settings, programme_id, peer_id)
    return f"{services.settings.mail.link_base.rstrip('/')}/me/{token}"


@router.post(
    "/programmes/{programme_id}/peers/{peer_id}/link",
    response_model=LinkOut,
    summary="A signed, expiring link to the peer's own page (give it to the peer only)",
)
def link(
    programme_id: ProgrammeIdPath,
    peer_id: Annotated[str, Path(min_length=1, max_length=200)],
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
) -> LinkOut:
    if peer_id not in programme.peer_by_id:
        raise HTTPException(404, f"no peer {peer_id!r} in programme {programme_id}")
    audit.record(
        services.store,
        caller,
        "create",
        f"programmes/{programme_id}/peers/{peer_id}/link",
        personal=True,
    )
    return LinkOut(
        url=_url(services, programme_id, peer_id), valid_days=services.settings.peer_link_days
    )


def _prompt(services: Services, programme_id: int, peer: Peer, now) -> str:
    url = _url(services, programme_id, peer.peer_id)
    updated = str(peer.profile_updated_on or "never")
    days = services.settings.peer_link_days
    letter = profile_prompt(peer.name, updated, url, days)
    contact = contact_of(services.store, programme_id, peer.peer_id)
    to = [contact] if contact else []
    outcome = send(services.settings.mail, to, letter.subject, letter.body)
    with services.store.write() as session:
        session.add(
            outbox_row(
                programme_id,
                letter,
                to,
                outcome,
                now,
                group_office=peer.group_office.value if peer.group_office else None,
                peer_id=peer.peer_id,
                placements=[],
                body=letter.body.replace(url, WITHHELD),
            )
        )
    return outcome[0].value


@router.post(
    "/programmes/{programme_id}/profile-prompts",
    summary="Send every peer with a stale profile a link to confirm or correct it",
)
def prompt_stale(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
    now: NowDep,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for peer in stale_now(services.store, programme, programme_id, now.date()):
        status = _prompt(services, programme_id, peer, now)
        counts[status] = counts.get(status, 0) + 1
    audit.record(
        services.store,
        caller,
        "create",
        f"programmes/{programme_id}/profile-prompts",
        personal=False,
        detail=counts,
    )
    return counts


@router.get(
    "/programmes/{programme_id}/profile-updates",
    response_model=list[ProfileUpdateOut],
    summary="What peers confirmed or corrected on their own page, newest first",
)
def updates(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
) -> list[ProfileUpdateOut]:
    found = profile_updates.list_updates(services.store, programme_id)
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/profile-updates",
        personal=True,
        detail={"update_ids": [u.update_id for u in found]},
    )
    return found


@router.get(
    "/programmes/{programme_id}/conflicts",
    response_model=list[ConflictOut],
    summary="The manager's inbox of conflicts: placements a peer's own correction now "
    "breaks (the rule, the placement), newest first",
)
def conflicts(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
    resolved: Annotated[bool, Query(description="Include resolved items.")] = False,
) -> list[ConflictOut]:
    found = open_conflicts(services, programme_id, resolved)
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/conflicts",
        personal=True,
        detail={"update_ids": sorted({c.update_id for c in found})},
    )
    return found


@router.post(
    "/programmes/{programme_id}/conflicts/{update_id}/resolve",
    summary="Mark the conflict items of one peer's answer resolved (they leave the inbox)",
)
def resolve_conflicts(
    programme_id: ProgrammeIdPath,
    update_id: Annotated[int, Path(ge=1)],
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
    now: NowDep,
) -> dict[str, int]:
    try:
        resolve(services, programme_id, update_id, caller.label, now)
    except NoConflict as exc:
        raise HTTPException(404, str(exc)) from None
    audit.record(
        services.store,
        caller,
        "update",
        f"programmes/{programme_id}/conflicts/{update_id}",
        personal=False,
    )
    return {"update_id": update_id}
