"""The store's tables (SQLAlchemy 2 typed ORM), one per programme-folder file plus runs.

Programme rows are normalised per entity, keyed by (programme_id, natural id), so the API
can page and filter peers and erase one person with plain DELETEs that cascade. Every
row keeps its `position` in the programme so a load gives back the exact same order.
Lists of tags are ';'-joined text as in the programme folder (FORMAT.md); vetoes and
requests, being peer ids, get their own rows so erasing a peer can reach them.
Run results have no foreign key to peers: a what-if run may place peers that only exist
in its changed pool.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from matcher.store.coltypes import JSONType, UTCDateTime

CASCADE = "CASCADE"


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSONType, str: String()}


def _programme_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("programmes.id", ondelete=CASCADE), primary_key=True)


def _peer_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["programme_id", "peer_id"], ["peers.programme_id", "peers.peer_id"], ondelete=CASCADE
    )


def _challenge_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["programme_id", "challenge_id"],
        ["challenges.programme_id", "challenges.challenge_id"],
        ondelete=CASCADE,
    )


class SchemaVersionRow(Base):
    """One row per applied migration step; the highest version is the schema's version."""

    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    description: Mapped[str]
    applied_at: Mapped[datetime]


class ProgrammeRow(Base):
    __tablename__ = "programmes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    created_at: Mapped[datetime]
    financial_year: Mapped[int]
    settings: Mapped[dict[str, Any]]


class PeerRow(Base):
    __tablename__ = "peers"
    __table_args__ = (
        Index("ix_peers_programme_position", "programme_id", "position"),
        Index("ix_peers_peer_id", "peer_id"),
    )
    programme_id: Mapped[int] = _programme_fk()
    peer_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]
    party: Mapped[str | None]
    home_council: Mapped[str]
    tags: Mapped[str] = mapped_column(Text)
    council_types: Mapped[str] = mapped_column(Text)
    lead_peer: Mapped[bool]
    trained_on: Mapped[date | None]
    training_booked_on: Mapped[date | None]
    mentoring_trained_on: Mapped[date | None]
    mentoring_booked_on: Mapped[date | None]
    conference_on: Mapped[date | None]
    serving_until: Mapped[date | None]
    profile_updated_on: Mapped[date | None]
    gender: Mapped[str | None]
    ethnic_minority: Mapped[str | None]
    disability: Mapped[str | None]
    days_used: Mapped[int]
    cap_days: Mapped[int | None]
    training_waived: Mapped[bool]
    status: Mapped[str] = mapped_column(server_default="active")
    paused_until: Mapped[date | None]
    removed_reason: Mapped[str | None]


class UnavailabilityRow(Base):
    __tablename__ = "unavailability"
    __table_args__ = (_peer_fk(), Index("ix_unavailability_peer", "programme_id", "peer_id"))
    programme_id: Mapped[int] = _programme_fk()
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    peer_id: Mapped[str]
    from_date: Mapped[date]
    to_date: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)


class ConflictRow(Base):
    __tablename__ = "conflicts"
    __table_args__ = (_peer_fk(), Index("ix_conflicts_peer", "programme_id", "peer_id"))
    programme_id: Mapped[int] = _programme_fk()
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    peer_id: Mapped[str]
    ons_code: Mapped[str]
    reason: Mapped[str]
    until_year: Mapped[int | None]


class HistoryRow(Base):
    """The one history (issue 13): past placements, and past challenges whose team is
    unknown (peer_id null). A row a programme's own files brought has its programme_id
    (and goes with it); a row of the service-wide upload (PUT /history) has none and
    belongs to every programme. S8, S5 across years and the councils due list read both
    (matcher.store.programmes.load_history). No foreign key to `peers`: a past peer may
    have left the pool; erasure keeps the council's history without the peer (migration
    7 merged the per-programme table and the service's `api_history`)."""

    __tablename__ = "history"
    __table_args__ = (
        Index("ix_history_programme", "programme_id", "id"),
        Index("ix_history_peer", "peer_id"),
        Index("ix_history_council", "council", "start_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete=CASCADE))
    peer_id: Mapped[str | None]
    council: Mapped[str]
    start_date: Mapped[date]
    challenge_id: Mapped[str | None]
    type: Mapped[str | None]
    uploaded_at: Mapped[datetime | None]
    uploaded_by: Mapped[str | None]


class ChallengeRow(Base):
    __tablename__ = "challenges"
    programme_id: Mapped[int] = _programme_fk()
    challenge_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    council: Mapped[str]
    type: Mapped[str]
    onsite_days: Mapped[int]
    charged_days: Mapped[int]
    earliest_start: Mapped[date]
    latest_start: Mapped[date]
    follows: Mapped[str | None]
    leader_party: Mapped[str | None]
    min_women: Mapped[int]
    min_ethnic_minority: Mapped[int]
    min_disability: Mapped[int]
    diversity_required: Mapped[bool]


class ChallengePeerRow(Base):
    """A challenge's vetoes and requests, in their listed order (relation: veto|request)."""

    __tablename__ = "challenge_peers"
    __table_args__ = (_challenge_fk(), Index("ix_challenge_peers_peer", "programme_id", "peer_id"))
    programme_id: Mapped[int] = _programme_fk()
    challenge_id: Mapped[str] = mapped_column(primary_key=True)
    relation: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    peer_id: Mapped[str]


class SeatRow(Base):
    """Explicit seat rows only: template seats are derived again on load."""

    __tablename__ = "seats"
    __table_args__ = (_challenge_fk(),)
    programme_id: Mapped[int] = _programme_fk()
    challenge_id: Mapped[str] = mapped_column(primary_key=True)
    seat_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    kind: Mapped[str]
    required_tags: Mapped[str] = mapped_column(Text)
    preferred_tags: Mapped[str] = mapped_column(Text)
    party_rule: Mapped[str | None]
    lead_required: Mapped[bool]
    shadow: Mapped[bool]


class PlacementRow(Base):
    __tablename__ = "placements"
    __table_args__ = (
        _peer_fk(),
        _challenge_fk(),
        Index("ix_placements_peer", "programme_id", "peer_id"),
    )
    programme_id: Mapped[int] = _programme_fk()
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    challenge_id: Mapped[str]
    seat_id: Mapped[str]
    peer_id: Mapped[str]
    status: Mapped[str]
    start_date: Mapped[date | None]
    state: Mapped[str | None]


class RunRow(Base):
    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_status", "status"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete=CASCADE), index=True
    )
    kind: Mapped[str]
    status: Mapped[str]
    params: Mapped[dict[str, Any]]
    progress: Mapped[dict[str, Any] | None]
    summary: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


def _run_fk() -> Mapped[str]:
    return mapped_column(ForeignKey("runs.id", ondelete=CASCADE), primary_key=True)


class RunAssignmentRow(Base):
    __tablename__ = "run_assignments"
    __table_args__ = (Index("ix_run_assignments_peer", "peer_id"),)
    run_id: Mapped[str] = _run_fk()
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    challenge_id: Mapped[str]
    seat_id: Mapped[str]
    peer_id: Mapped[str]
    start_date: Mapped[date]
    end_date: Mapped[date]
    reasons: Mapped[str] = mapped_column(Text)
    points: Mapped[int] = mapped_column(BigInteger)


class RunUnfilledRow(Base):
    __tablename__ = "run_unfilled"
    run_id: Mapped[str] = _run_fk()
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    challenge_id: Mapped[str]
    seat_id: Mapped[str]
    blocking: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
