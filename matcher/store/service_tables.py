"""The service's tables on the store's base: API keys, audit log, placement workflow and
upload sources (one schema, one version table, one migration runner).

Their names keep the `api_` prefix they had when the service versioned them on its own
(migration 4 adopted them with their data). Rows that follow a programme are deleted
with it explicitly (api.programmes.delete_rows): these tables carry no foreign key to
programmes because a database of version 1 may hold rows of programmes deleted since.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matcher.store.tables import Base


class ApiKeyRow(Base):
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


class AuditRow(Base):
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


class ProgrammeSourceRow(Base):
    """Who uploaded a programme, and its own councils when it did not use the reference."""

    __tablename__ = "api_programme_sources"
    programme_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    filename: Mapped[str]
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[str]
    councils: Mapped[dict[str, Any] | None]


class PlacementRow(Base):
    """A seat moving through the placement workflow (matcher.workflow)."""

    __tablename__ = "api_placements"
    __table_args__ = (
        Index("ix_api_placements_programme", "programme_id", "state"),
        Index("ix_api_placements_peer", "peer_id"),
        Index("ix_api_placements_seat", "programme_id", "challenge_id", "seat_id"),
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
    start_date: Mapped[date | None]
    """The team's first onsite day this placement names (pinned once confirmed)."""


class PlacementEventRow(Base):
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


class CapExceptionRow(Base):
    """A request to let a peer serve beyond their day cap (H4), and its decision.

    Member peers: approved or declined by the Director of Improvement (`director`);
    officer peers: the employer's release, recorded by a manager. Once approved, `days`
    is the peer's cap for the programme's year wherever H4 is read.
    """

    __tablename__ = "cap_exceptions"
    __table_args__ = (Index("ix_cap_exceptions_programme", "programme_id", "peer_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    peer_id: Mapped[str]
    days: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str]
    requested_by: Mapped[str]
    requested_at: Mapped[datetime]
    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)


class ProgrammeVersionRow(Base):
    """One version of a living programme: who changed what, when, and the tables after."""

    __tablename__ = "programme_versions"
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str]
    change: Mapped[dict[str, Any]]
    snapshot: Mapped[dict[str, Any]]


class UserRow(Base):
    """A person who signs in: a local password (argon2 hash) and/or a single sign-on
    subject; the role decides what they see, as for API keys."""

    __tablename__ = "api_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str]
    group_office: Mapped[str | None]
    password_hash: Mapped[str | None]
    sso_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str | None]
    disabled_at: Mapped[datetime | None]


class BrowserSessionRow(Base):
    """A signed-in browser (a user or an API key), or a single sign-on on its way
    (`pending` holds its state, nonce and PKCE verifier until the provider answers)."""

    __tablename__ = "api_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None]
    key_id: Mapped[int | None]
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    seen_at: Mapped[datetime]
    notices: Mapped[dict[str, Any]]
    pending: Mapped[dict[str, Any] | None]


class FailedAttemptRow(Base):
    """One failed sign-in (wrong key or password) from one client address, kept for the
    limiter's window only (api.attempts). The address is stored as its SHA-256: the limit
    needs to tell addresses apart, not to know them."""

    __tablename__ = "api_failed_attempts"
    __table_args__ = (Index("ix_api_failed_attempts_address_at", "address_hash", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


TABLES = (
    ApiKeyRow,
    AuditRow,
    ProgrammeSourceRow,
    PlacementRow,
    PlacementEventRow,
    UserRow,
    BrowserSessionRow,
)
"""The service's tables of migration 4 (migrations.SERVICE_TABLES reads it)."""
LIVING_TABLES = (CapExceptionRow, ProgrammeVersionRow)
ATTEMPT_TABLES = (FailedAttemptRow,)
"""Migration 6: failed sign-in attempts, shared by every worker and kept over restarts."""
"""Tables of migration 5 (the living year)."""
