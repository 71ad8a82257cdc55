"""SQLAlchemy tables the service owns: API keys, audit log, placement workflow, sources.

No foreign keys point into the store's tables: the store's schema is not ours to
constrain, so rows that follow a programme are deleted explicitly with it (see
api.programmes.delete_programme).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from matcher.store.coltypes import JSONType, UTCDateTime

ACTIVE_STATES_SQL = "state IN ('proposed', 'approved', 'put_forward', 'selected', 'confirmed')"
"""Placements that still hold their seat (mirrors api.workflow.ACTIVE)."""


class ApiBase(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSONType, str: String()}


class ApiSchemaVersionRow(ApiBase):
    __tablename__ = "api_schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    description: Mapped[str]
    applied_at: Mapped[datetime]


class ApiKeyRow(ApiBase):
    """An API key: only the SHA-256 of the token is kept, never the token itself."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    role: Mapped[str]
    group_office: Mapped[str | None]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    created_by: Mapped[str | None]
    revoked_at: Mapped[datetime | None]


class AuditRow(ApiBase):
    """One read of personal data or one change, with who did it."""

    __tablename__ = "api_audit"
    __table_args__ = (Index("ix_api_audit_at", "at"), Index("ix_api_audit_resource", "resource"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    key_id: Mapped[int | None]
    actor: Mapped[str]
    role: Mapped[str]
    action: Mapped[str]
    resource: Mapped[str] = mapped_column(Text)
    personal: Mapped[bool]
    detail: Mapped[dict[str, Any]]


class ProgrammeSourceRow(ApiBase):
    """Who uploaded a programme, and its own councils when it did not use the reference."""

    __tablename__ = "api_programme_sources"
    programme_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    filename: Mapped[str]
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[str]
    councils: Mapped[dict[str, Any] | None]


class PlacementRow(ApiBase):
    """A seat moving through the placement workflow (api.workflow)."""

    __tablename__ = "api_placements"
    __table_args__ = (
        Index("ix_api_placements_programme", "programme_id", "state"),
        Index("ix_api_placements_peer", "peer_id"),
        Index(
            "ux_api_placements_active_seat",
            "programme_id",
            "challenge_id",
            "seat_id",
            unique=True,
            sqlite_where=text(ACTIVE_STATES_SQL),
            postgresql_where=text(ACTIVE_STATES_SQL),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int]
    challenge_id: Mapped[str]
    seat_id: Mapped[str]
    peer_id: Mapped[str]
    peer_kind: Mapped[str]
    group_office: Mapped[str | None]
    state: Mapped[str]
    run_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    waiting_since: Mapped[datetime | None]


class PlacementEventRow(ApiBase):
    """One state change of a placement: from, to, when and by whom."""

    __tablename__ = "api_placement_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("api_placements.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    actor: Mapped[str]
    from_state: Mapped[str | None]
    to_state: Mapped[str]
    note: Mapped[str] = mapped_column(Text, default="")
