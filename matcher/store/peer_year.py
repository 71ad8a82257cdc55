"""Service tables for the peer's year (issue 13): the outbox, what each notice covered,
peers' contact addresses and feedback on member peers.

On the store's base with the other `api_` tables (matcher.store.service_tables); added to
the schema by migration 4 (matcher.store.migrations).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matcher.store.tables import Base as ApiBase


class OutboxRow(ApiBase):
    """One message the service sent (or, in dry-run mode, only recorded)."""

    __tablename__ = "api_outbox"
    __table_args__ = (Index("ix_api_outbox_programme", "programme_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    audience: Mapped[str] = mapped_column(String(20))
    """group_office, peer, manager or director: who the message is for."""
    group_office: Mapped[str | None]
    """For group-office messages and member peers: which office may see the row."""
    peer_id: Mapped[str | None]
    recipient: Mapped[str | None]
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    """sent, recorded (dry run), no_address or failed."""
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    placement_ids: Mapped[dict[str, Any]]


class NoticeRow(ApiBase):
    """A placement covered by a notice of one kind: each kind goes out once per placement."""

    __tablename__ = "api_notices"
    __table_args__ = (UniqueConstraint("placement_id", "kind", name="ux_api_notices"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    message_id: Mapped[int | None]
    at: Mapped[datetime]


class ContactRow(ApiBase):
    """A peer's e-mail address for the messages sent to them (the CRM export has none)."""

    __tablename__ = "api_peer_contacts"
    programme_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    peer_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    updated_at: Mapped[datetime]


class FeedbackRow(ApiBase):
    """The manager's feedback on a member peer after a challenge (routed to their office)."""

    __tablename__ = "api_feedback"
    placement_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    programme_id: Mapped[int] = mapped_column(Integer, index=True)
    peer_id: Mapped[str] = mapped_column(String(200), index=True)
    group_office: Mapped[str | None]
    rating: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]
    actor: Mapped[str]


class ProfileUpdateRow(ApiBase):
    """A peer's answer on their own page (signed link): a confirmation or corrections.

    Each answer is applied at once as a programme version with the peer as its author
    (`version`); the hard-rule breaks it brings to the year's placements are kept in
    `conflicts` for the manager's inbox (api.peer_corrections; migration 7).
    """

    __tablename__ = "api_profile_updates"
    __table_args__ = (Index("ix_api_profile_updates_peer", "programme_id", "peer_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int]
    peer_id: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime]
    confirmed: Mapped[bool]
    changes: Mapped[dict[str, Any]]
    applied_at: Mapped[datetime | None]
    version: Mapped[int | None]
    """The programme version the answer became (null: answered before migration 7)."""
    conflicts: Mapped[dict[str, Any] | None]
    """{"items": [{"rule", "placement_id", "challenge_id", "seat_id", "state", ...}]}."""


TABLES = (OutboxRow, NoticeRow, ContactRow, FeedbackRow, ProfileUpdateRow)
"""Every table of this module (migrations.SERVICE_TABLES reads it)."""
ANNOUNCED_STATES = ("proposed", "put_forward", "confirmed", "not_selected", "withdrawn")
"""Workflow states the outbox announces."""


def told_already(connection) -> None:
    """Workflow changes made before the outbox existed are not announced afresh: each
    gets a notice without a message, so the first sweep does not mail a year's history
    (run when migration 4 adopts a database whose service tables predate the outbox)."""
    from sqlalchemy import Integer, cast, literal, null, select

    from matcher.store.coltypes import UTCDateTime, utcnow
    from matcher.store.service_tables import PlacementEventRow

    events = PlacementEventRow.__table__
    told = (
        select(
            events.c.placement_id,
            events.c.to_state,
            cast(null(), Integer),
            literal(utcnow(), UTCDateTime()),
        )
        .where(events.c.to_state.in_(ANNOUNCED_STATES))
        .distinct()
    )
    connection.execute(
        NoticeRow.__table__.insert().from_select(["placement_id", "kind", "message_id", "at"], told)
    )
