"""API keys and the audit log (managers only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, status

from api import audit
from api.audit import AuditOut
from api.deps import ManagerDep, PageDep, ServicesDep
from api.keys import KeyIn, KeyOut, NewKeyOut, create_key, list_keys, revoke_key
from api.schemas import ErrorOut, Page

router = APIRouter(tags=["access"], responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}})


@router.post(
    "/api-keys",
    response_model=NewKeyOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create an API key (the token is shown once)",
)
def create(spec: KeyIn, services: ServicesDep, caller: ManagerDep) -> NewKeyOut:
    return create_key(services.store, spec, caller)  # audited inside, like CLI and bootstrap


@router.get("/api-keys", response_model=list[KeyOut], summary="List API keys (no tokens)")
def keys(services: ServicesDep, _caller: ManagerDep) -> list[KeyOut]:
    return list_keys(services.store)


@router.delete(
    "/api-keys/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an API key (not the one making the call)",
    responses={404: {"model": ErrorOut}, 409: {"model": ErrorOut}},
)
def revoke(
    key_id: Annotated[int, Path(ge=1, le=2**62)], services: ServicesDep, caller: ManagerDep
) -> None:
    if key_id == caller.key_id:
        raise HTTPException(
            409,
            "a key cannot revoke itself: use another manager key, so "
            "the service is never left without one by accident",
        )
    if not revoke_key(services.store, key_id):
        raise HTTPException(404, f"no active API key with id {key_id}")
    audit.record(services.store, caller, "revoke", f"api-keys/{key_id}", personal=False)


@router.get("/audit", response_model=Page[AuditOut], summary="The audit log, newest first")
def audit_log(
    services: ServicesDep,
    caller: ManagerDep,
    page: PageDep,
    resource: Annotated[str | None, Query(max_length=200, description="Resource prefix.")] = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    personal: bool | None = None,
) -> Page[AuditOut]:
    total, items = audit.list_entries(
        services.store,
        offset=page.offset,
        limit=page.limit,
        resource=resource,
        action=action,
        personal=personal,
    )
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)
