"""Peers of a programme (managers; group offices see their own member peers) and erasure.

Every read here is a read of personal data and goes to the audit log with the ids
returned. Filtering by an equalities field is itself a per-person disclosure, so only
managers may do it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status

from api import audit, outbox
from api.deps import (
    ManagerDep,
    NowDep,
    PageDep,
    ProgrammeDep,
    ProgrammeIdPath,
    ServicesDep,
    StaffDep,
)
from api.erasure import PeerUnknown, erase_peer
from api.keys import Principal
from api.privacy import PeerOut, can_see_peer, peer_view
from api.profile_updates import stale_now
from api.schemas import ErrorOut, Page
from matcher.models import Gender, GroupOffice, Party, Peer, PeerKind, YesNoUnsaid

router = APIRouter(
    tags=["peers"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)

PeerIdPath = Annotated[str, Path(min_length=1, max_length=200)]


class PeerFilters:
    """Query filters for the peer list (equalities filters: managers only)."""

    def __init__(
        self,
        kind: PeerKind | None = None,
        group_office: GroupOffice | None = None,
        party: Party | None = None,
        tag: Annotated[str | None, Query(max_length=100)] = None,
        home_council: Annotated[str | None, Query(max_length=20)] = None,
        lead_peer: bool | None = None,
        q: Annotated[
            str | None, Query(max_length=100, description="Name contains (any case).")
        ] = None,
        gender: Gender | None = None,
        ethnic_minority: YesNoUnsaid | None = None,
        disability: YesNoUnsaid | None = None,
        stale: Annotated[
            bool | None, Query(description="Profile not updated for 12 months (issue 13).")
        ] = None,
    ):
        self.fields = {
            "kind": kind,
            "group_office": group_office,
            "party": party,
            "home_council": home_council,
            "lead_peer": lead_peer,
            "gender": gender,
            "ethnic_minority": ethnic_minority,
            "disability": disability,
        }
        self.tag, self.q = tag, q.lower() if q else None
        self.stale, self.stale_ids = stale, set()

    def equalities(self) -> list[str]:
        return [n for n in ("gender", "ethnic_minority", "disability") if self.fields[n]]

    def match(self, peer: Peer) -> bool:
        for name, wanted in self.fields.items():
            if wanted is not None and getattr(peer, name) != wanted:
                return False
        if self.tag and self.tag not in peer.tags:
            return False
        if self.stale is not None and (peer.peer_id in self.stale_ids) != self.stale:
            return False
        return not self.q or self.q in peer.name.lower()


FiltersDep = Annotated[PeerFilters, Depends()]


def _check_filters(caller: Principal, filters: PeerFilters) -> None:
    """Equalities filters are per-person disclosures: managers only (403 otherwise)."""
    used = filters.equalities()
    if used and not caller.is_manager:
        raise HTTPException(403, f"filtering by {', '.join(used)} is for managers only")


@router.get(
    "/programmes/{programme_id}/peers",
    response_model=Page[PeerOut],
    summary="Peers the caller may see, paginated and filtered",
)
def peers(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: StaffDep,
    page: PageDep,
    filters: FiltersDep,
    now: NowDep,
) -> Page[PeerOut]:
    _check_filters(caller, filters)
    if filters.stale is not None:
        stale = stale_now(services.store, programme, programme_id, now.date())
        filters.stale_ids = {p.peer_id for p in stale}
    matching = [p for p in programme.peers if can_see_peer(caller, p) and filters.match(p)]
    shown = page.cut(matching)
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/peers",
        personal=True,
        detail={
            "peer_ids": [p.peer_id for p in shown],
            "filters": {k: v for k, v in filters.fields.items() if v is not None}
            | ({"stale": filters.stale} if filters.stale is not None else {}),
        },
    )
    return Page(
        items=[peer_view(caller, p) for p in shown],
        total=len(matching),
        offset=page.offset,
        limit=page.limit,
    )


@router.get(
    "/programmes/{programme_id}/peers/{peer_id}",
    response_model=PeerOut,
    summary="One peer (404 when the caller may not see them)",
)
def peer(
    programme_id: ProgrammeIdPath,
    peer_id: PeerIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: StaffDep,
) -> PeerOut:
    found = programme.peer_by_id.get(peer_id)
    if found is None or not can_see_peer(caller, found):
        # Same answer for "no such peer" and "not yours": no probing who exists.
        raise HTTPException(
            404, f"no peer {peer_id!r} in programme {programme_id} that this key may see"
        )
    audit.record(
        services.store, caller, "read", f"programmes/{programme_id}/peers/{peer_id}", personal=True
    )
    return peer_view(caller, found)


@router.delete(
    "/peers/{peer_id}",
    status_code=status.HTTP_200_OK,
    summary="Erase a peer everywhere (GDPR): personal data removed, runs keep an "
    "anonymous placeholder",
)
def erase(peer_id: PeerIdPath, services: ServicesDep, caller: ManagerDep) -> dict:
    try:
        done = erase_peer(services.store, peer_id, caller)
    except PeerUnknown:
        raise HTTPException(
            404, f"no programme, run or placement mentions peer {peer_id!r}"
        ) from None
    done["counts"] |= outbox.forget_peer(services.store, peer_id)  # issue 13 tables
    for programme_id in done["programmes"]:
        services.programmes.forget(programme_id)
    services.programmes.forget()  # runs of other programmes may have named the peer
    services.shortlist_indexes.forget()
    return done
