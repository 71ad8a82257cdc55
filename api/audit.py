"""The audit log: every read of personal data and every change, with who and when.

DOMAIN.md: party and equalities data are special category personal data; every read
per person is logged. Entries name records by id only (peer ids, run ids), never copy
the data read, so the log does not become a second copy of what erasure removes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.keys import Principal
from matcher.store import Store
from matcher.store.coltypes import jsonable, utcnow
from matcher.store.service_tables import AuditRow


class AuditOut(BaseModel):
    audit_id: int
    at: datetime
    key_id: int | None
    actor: str = Field(description="The caller's key name, role and id.")
    role: str
    action: str = Field(description="read, create, update, delete, erase, ...")
    resource: str = Field(description="What was read or changed, as an API path.")
    personal: bool = Field(description="The entry records a read or change of personal data.")
    detail: dict[str, Any]


def entry(
    who: Principal,
    action: str,
    resource: str,
    *,
    personal: bool,
    detail: dict[str, Any] | None = None,
) -> AuditRow:
    """An audit row to add inside the caller's own transaction (change and log together)."""
    return AuditRow(
        at=utcnow(),
        key_id=who.key_id,
        actor=who.label,
        role=who.role.value,
        action=action,
        resource=resource,
        personal=personal,
        detail=jsonable(detail or {}),
    )


def record(
    db: Store,
    who: Principal,
    action: str,
    resource: str,
    *,
    personal: bool,
    detail: dict[str, Any] | None = None,
) -> None:
    """Write one audit entry in its own transaction."""
    with db.write() as session:
        session.add(entry(who, action, resource, personal=personal, detail=detail))


def add(
    session: Session,
    who: Principal,
    action: str,
    resource: str,
    *,
    personal: bool,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry to an open write session (same commit as the change)."""
    session.add(entry(who, action, resource, personal=personal, detail=detail))


def list_entries(
    db: Store,
    *,
    offset: int,
    limit: int,
    resource: str | None = None,
    action: str | None = None,
    personal: bool | None = None,
) -> tuple[int, list[AuditOut]]:
    """Newest first, optionally only one resource prefix, action or personal flag."""
    query = select(AuditRow)
    if resource:
        query = query.where(AuditRow.resource.startswith(resource, autoescape=True))
    if action:
        query = query.where(AuditRow.action == action)
    if personal is not None:
        query = query.where(AuditRow.personal.is_(personal))
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(AuditRow.id.desc()).offset(offset).limit(limit))
        return total, [
            AuditOut(
                audit_id=r.id,
                at=r.at,
                key_id=r.key_id,
                actor=r.actor,
                role=r.role,
                action=r.action,
                resource=r.resource,
                personal=r.personal,
                detail=r.detail,
            )
            for r in rows
        ]
