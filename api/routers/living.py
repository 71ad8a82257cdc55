"""The living year over HTTP: change a stored programme in place, see its versions and
the differences between any two, and upload a changed workbook (PUT) that answers with
its differences per table and is applied only when confirmed (`?apply=true`).

Each change is validated like an upload (422 with each field and reason), applied
atomically and kept as a version. Managers change everything; a group office may record
and remove unavailability of its own member peers.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, HTTPException, Path, Query, Response, UploadFile, status
from pydantic import BaseModel, Field

from api import audit, living
from api.deps import ManagerDep, ProgrammeIdPath, ServicesDep, StaffDep
from api.keys import Principal, Role
from api.programmes import service_past, with_service_history
from api.schemas import ErrorOut, LoadErrorsOut
from api.uploads import load_upload
from matcher.living import edits
from matcher.living.versions import diff, snapshot
from matcher.models import PeerKind
from matcher.store import versions

RESPONSES = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
    422: {"description": "Each field with the reason; nothing was changed."},
}
router = APIRouter(tags=["living programme"], responses=RESPONSES)

IdPath = Annotated[str, Path(min_length=1, max_length=200)]
Fields = Annotated[dict[str, Any], Body(description="The fields to set (as in the folder).")]


class ChangeOut(BaseModel):
    version: int = Field(description="The programme's version after the change.")
    change: dict[str, Any] = Field(description="What changed: the action and counts per table.")
    differences: dict[str, Any] = Field(description="Per table: added, changed, removed rows.")


class ChallengeIn(BaseModel):
    challenge: dict[str, Any] = Field(description="The challenge's fields (as in the folder).")
    seats: list[dict[str, Any]] = Field(
        default_factory=list, max_length=20, description="Its seats; none: the type's template."
    )


class UnavailabilityIn(BaseModel):
    from_date: date
    to_date: date
    reason: str = Field(default="", max_length=500)


class UploadDiffOut(BaseModel):
    applied: bool = Field(description="False: the differences only (repeat with ?apply=true).")
    version: int = Field(description="The programme's version now.")
    differences: dict[str, Any] = Field(description="Per table: added, changed, removed rows.")


def change_in_place(services, programme_id: int, who: Principal, action: dict, change) -> ChangeOut:
    return ChangeOut(**living.apply(services, programme_id, who, action, change))


def _own_peer(services, programme_id: int, peer_id: str, who: Principal) -> None:
    """A group office records unavailability of its own member peers only (404 else)."""
    if who.role is not Role.GROUP_OFFICE:
        return
    peer = services.programmes.get(programme_id).peer_by_id.get(peer_id)
    if peer is None or peer.kind is not PeerKind.MEMBER or peer.group_office != who.group_office:
        raise HTTPException(404, f"no peer {peer_id} that this key may change")


@router.patch("/programmes/{programme_id}/peers/{peer_id}", response_model=ChangeOut)
def patch_peer(
    programme_id: ProgrammeIdPath,
    peer_id: IdPath,
    body: Fields,
    services: ServicesDep,
    caller: ManagerDep,
) -> ChangeOut:
    """Change a peer's fields (e.g. days_used, serving_until, tags)."""
    action = {"action": "patch", "table": "peers", "key": peer_id, "fields": sorted(body)}
    return change_in_place(
        services, programme_id, caller, action, lambda p: edits.patch_peer(p, peer_id, body)
    )


@router.post(
    "/programmes/{programme_id}/peers",
    response_model=ChangeOut,
    status_code=status.HTTP_201_CREATED,
)
def add_peer(
    programme_id: ProgrammeIdPath, body: Fields, services: ServicesDep, caller: ManagerDep
) -> ChangeOut:
    """Add a peer (all fields as in the folder's peers table)."""
    action = {"action": "add", "table": "peers", "key": str(body.get("peer_id"))}
    return change_in_place(
        services, programme_id, caller, action, lambda p: edits.add_peer(p, body)
    )


@router.patch("/programmes/{programme_id}/challenges/{challenge_id}", response_model=ChangeOut)
def patch_challenge(
    programme_id: ProgrammeIdPath,
    challenge_id: IdPath,
    body: Fields,
    services: ServicesDep,
    caller: ManagerDep,
) -> ChangeOut:
    """Change a challenge (e.g. move its window: earliest_start, latest_start)."""
    action = {"action": "patch", "table": "challenges", "key": challenge_id, "fields": sorted(body)}
    return change_in_place(
        services,
        programme_id,
        caller,
        action,
        lambda p: edits.patch_challenge(p, challenge_id, body),
    )


@router.post(
    "/programmes/{programme_id}/challenges",
    response_model=ChangeOut,
    status_code=status.HTTP_201_CREATED,
)
def add_challenge(
    programme_id: ProgrammeIdPath, body: ChallengeIn, services: ServicesDep, caller: ManagerDep
) -> ChangeOut:
    """Add a challenge with its seats."""
    key = str(body.challenge.get("challenge_id"))
    action = {"action": "add", "table": "challenges", "key": key}
    return change_in_place(
        services,
        programme_id,
        caller,
        action,
        lambda p: edits.add_challenge(p, body.challenge, body.seats),
    )


@router.post(
    "/programmes/{programme_id}/peers/{peer_id}/unavailability",
    response_model=ChangeOut,
    status_code=status.HTTP_201_CREATED,
)
def add_unavailability(
    programme_id: ProgrammeIdPath,
    peer_id: IdPath,
    body: UnavailabilityIn,
    services: ServicesDep,
    caller: StaffDep,
) -> ChangeOut:
    """Record dates a peer cannot be on site (H3)."""
    _own_peer(services, programme_id, peer_id, caller)
    row = body.model_dump() | {"peer_id": peer_id}
    action = {"action": "add", "table": "unavailability", "key": peer_id}
    return change_in_place(
        services, programme_id, caller, action, lambda p: edits.add_unavailability(p, row)
    )


@router.delete(
    "/programmes/{programme_id}/peers/{peer_id}/unavailability", response_model=ChangeOut
)
def remove_unavailability(
    programme_id: ProgrammeIdPath,
    peer_id: IdPath,
    from_date: date,
    to_date: date,
    services: ServicesDep,
    caller: StaffDep,
) -> ChangeOut:
    """Remove one unavailability range (given by its first and last day)."""
    _own_peer(services, programme_id, peer_id, caller)
    action = {"action": "remove", "table": "unavailability", "key": peer_id}
    return change_in_place(
        services,
        programme_id,
        caller,
        action,
        lambda p: edits.remove_unavailability(p, peer_id, from_date, to_date),
    )


@router.get("/programmes/{programme_id}/changes", response_model=dict[str, Any])
def changes(
    programme_id: ProgrammeIdPath, services: ServicesDep, _caller: ManagerDep
) -> dict[str, Any]:
    """What changed since the last plan: rows per table, placements withdrawn, declined
    or not selected, and cap exceptions decided (a re-plan's summary then lists every
    seat it changes, with the reason, under personal.changed_seats)."""
    services.programmes.get(programme_id)  # 404 for an unknown programme
    return living.since_last_plan(services, programme_id)


@router.get("/programmes/{programme_id}/versions", response_model=list[versions.VersionInfo])
def programme_versions(
    programme_id: ProgrammeIdPath, services: ServicesDep, _caller: ManagerDep
) -> list[versions.VersionInfo]:
    """Every version: who changed what, and when."""
    services.programmes.get(programme_id)  # 404 for an unknown programme
    with services.store.read() as session:
        return versions.list_versions(session, programme_id)


@router.get("/programmes/{programme_id}/versions/{a}/diff/{b}", response_model=dict[str, Any])
def version_diff(
    programme_id: ProgrammeIdPath,
    a: Annotated[int, Path(ge=1, le=2**31)],
    b: Annotated[int, Path(ge=1, le=2**31)],
    services: ServicesDep,
    caller: ManagerDep,
) -> dict[str, Any]:
    """Per table, the rows version b adds, changes and removes against version a."""
    found = living.version_diff(services, programme_id, a, b)
    resource = f"programmes/{programme_id}/versions/{a}/diff/{b}"
    audit.record(services.store, caller, "read", resource, personal=True)
    return found


@router.get(
    "/programmes/{programme_id}/export.zip",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
def export_zip(programme_id: ProgrammeIdPath, services: ServicesDep, caller: ManagerDep):
    """The programme folder with the current placements (state and start dates)."""
    services.programmes.get(programme_id)  # 404 for an unknown programme
    body = living.export_zip(services, programme_id)
    audit.record(
        services.store, caller, "read", f"programmes/{programme_id}/export.zip", personal=True
    )
    name = f"programme-{programme_id}.zip"
    return Response(
        body,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.put(
    "/programmes/{programme_id}",
    response_model=UploadDiffOut,
    responses={422: {"model": LoadErrorsOut}},
)
def upload_changed(
    programme_id: ProgrammeIdPath,
    services: ServicesDep,
    caller: ManagerDep,
    file: Annotated[UploadFile, File(description="The changed programme.zip or .xlsx")],
    apply: Annotated[
        bool, Query(description="Apply the differences (default: show them).")
    ] = False,
) -> UploadDiffOut:
    """A changed folder or workbook for this programme: its differences per table, applied
    (as one new version; the workflow stays) only with ?apply=true."""
    settings = services.settings
    after = load_upload(
        file.file,
        file.filename,
        settings.data_dir,
        settings.max_upload_mb << 20,
        settings.max_unzipped_mb << 20,
        known_past=service_past(services.store),
    )
    after = with_service_history(services.store, after)  # as the stored one is read
    before, based_on = living.current(services, programme_id)
    if not apply:
        return UploadDiffOut(
            applied=False, version=based_on, differences=diff(snapshot(before), snapshot(after))
        )
    action = {"action": "upload", "filename": file.filename or ""}
    done = living.commit(services, programme_id, caller, action, before, after, based_on)
    return UploadDiffOut(applied=True, version=done["version"], differences=done["differences"])
