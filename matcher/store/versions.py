"""Versions of a living programme: who changed it, when, what (counts per table), and
its tables after the change (a snapshot, so any two versions can be compared)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.store.errors import NotFoundError
from matcher.store.service_tables import ProgrammeVersionRow


class VersionNotFound(NotFoundError):
    def __init__(self, programme_id: int, version: int):
        super().__init__(f"programme {programme_id} has no version {version}")


class VersionInfo(BaseModel):
    version: int
    at: datetime
    actor: str = Field(description="Who made the change.")
    change: dict[str, Any] = Field(description="What changed: the action and counts per table.")


def latest(session: Session, programme_id: int) -> int:
    """The programme's current version (0 before its first)."""
    query = select(func.max(ProgrammeVersionRow.version)).where(
        ProgrammeVersionRow.programme_id == programme_id
    )
    return session.scalar(query) or 0


def add_version(
    session: Session,
    programme_id: int,
    actor: str,
    change: dict[str, Any],
    snapshot: dict[str, Any],
    at: datetime,
) -> int:
    version = latest(session, programme_id) + 1
    session.add(
        ProgrammeVersionRow(
            programme_id=programme_id,
            version=version,
            at=at,
            actor=actor,
            change=change,
            snapshot=snapshot,
        )
    )
    return version


def list_versions(session: Session, programme_id: int) -> list[VersionInfo]:
    query = (
        select(
            ProgrammeVersionRow.version,
            ProgrammeVersionRow.at,
            ProgrammeVersionRow.actor,
            ProgrammeVersionRow.change,
        )
        .where(ProgrammeVersionRow.programme_id == programme_id)
        .order_by(ProgrammeVersionRow.version)
    )
    return [
        VersionInfo(version=v, at=at, actor=actor, change=change)
        for v, at, actor, change in session.execute(query)
    ]


def version_snapshot(session: Session, programme_id: int, version: int) -> dict[str, Any]:
    row = session.get(ProgrammeVersionRow, (programme_id, version))
    if row is None:
        raise VersionNotFound(programme_id, version)
    return row.snapshot
