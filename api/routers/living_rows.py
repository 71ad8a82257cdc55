"""The rest of a living programme's rows over HTTP: remove a peer or a challenge, and add,
change or remove a seat or a conflict (H5). Each change is validated like an upload,
applied atomically in place and kept as a version, as in api.routers.living."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, status
from pydantic import BaseModel, Field

from api.deps import ManagerDep, ProgrammeIdPath, ServicesDep
from api.routers.living import RESPONSES, ChangeOut, IdPath, change_in_place
from matcher.living import edits

router = APIRouter(tags=["living programme"], responses=RESPONSES)


class ConflictIn(BaseModel):
    reason: str = Field(description="declared or former_employer.")
    until_year: int | None = Field(default=None, ge=1900, le=2200)


@router.delete("/programmes/{programme_id}/peers/{peer_id}", response_model=ChangeOut)
def remove_peer(
    programme_id: ProgrammeIdPath, peer_id: IdPath, services: ServicesDep, caller: ManagerDep
) -> ChangeOut:
    """A peer leaves the pool (not an erasure: past runs and the audit keep the id)."""
    action = {"action": "remove", "table": "peers", "key": peer_id}
    return change_in_place(
        services, programme_id, caller, action, lambda p: edits.remove_peer(p, peer_id)
    )


@router.delete("/programmes/{programme_id}/challenges/{challenge_id}", response_model=ChangeOut)
def remove_challenge(
    programme_id: ProgrammeIdPath,
    challenge_id: IdPath,
    services: ServicesDep,
    caller: ManagerDep,
) -> ChangeOut:
    """A challenge is cancelled, with its seats and the file's placements."""
    action = {"action": "remove", "table": "challenges", "key": challenge_id}
    return change_in_place(
        services, programme_id, caller, action, lambda p: edits.remove_challenge(p, challenge_id)
    )


@router.put(
    "/programmes/{programme_id}/challenges/{challenge_id}/seats/{seat_id}",
    response_model=ChangeOut,
)
def set_seat(
    programme_id: ProgrammeIdPath,
    challenge_id: IdPath,
    seat_id: IdPath,
    body: Annotated[dict[str, Any], Body(description="The seat's fields (as in the folder).")],
    services: ServicesDep,
    caller: ManagerDep,
) -> ChangeOut:
    """Add a seat, or change the fields given of an existing one."""
    key = f"{challenge_id}/{seat_id}"
    action = {"action": "set", "table": "seats", "key": key, "fields": sorted(body)}
    return change_in_place(
        services,
        programme_id,
        caller,
        action,
        lambda p: edits.set_seat(p, challenge_id, seat_id, body),
    )


@router.delete(
    "/programmes/{programme_id}/challenges/{challenge_id}/seats/{seat_id}",
    response_model=ChangeOut,
)
def remove_seat(
    programme_id: ProgrammeIdPath,
    challenge_id: IdPath,
    seat_id: IdPath,
    services: ServicesDep,
    caller: ManagerDep,
) -> ChangeOut:
    action = {"action": "remove", "table": "seats", "key": f"{challenge_id}/{seat_id}"}
    return change_in_place(
        services,
        programme_id,
        caller,
        action,
        lambda p: edits.set_seat(p, challenge_id, seat_id, None),
    )


@router.put(
    "/programmes/{programme_id}/peers/{peer_id}/conflicts/{ons_code}",
    response_model=ChangeOut,
    status_code=status.HTTP_200_OK,
)
def set_conflict(
    programme_id: ProgrammeIdPath,
    peer_id: IdPath,
    ons_code: IdPath,
    body: ConflictIn,
    services: ServicesDep,
    caller: ManagerDep,
) -> ChangeOut:
    """Record a peer's conflict with a council (H5): declared, or a former employer."""
    action = {"action": "set", "table": "conflicts", "key": f"{peer_id}/{ons_code}"}
    data = body.model_dump()
    return change_in_place(
        services,
        programme_id,
        caller,
        action,
        lambda p: edits.set_conflict(p, peer_id, ons_code, data),
    )


@router.delete(
    "/programmes/{programme_id}/peers/{peer_id}/conflicts/{ons_code}", response_model=ChangeOut
)
def remove_conflict(
    programme_id: ProgrammeIdPath,
    peer_id: IdPath,
    ons_code: IdPath,
    services: ServicesDep,
    caller: ManagerDep,
) -> ChangeOut:
    action = {"action": "remove", "table": "conflicts", "key": f"{peer_id}/{ons_code}"}
    return change_in_place(
        services,
        programme_id,
        caller,
        action,
        lambda p: edits.set_conflict(p, peer_id, ons_code, None),
    )
