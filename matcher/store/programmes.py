"""Saving and loading programmes, inside a transaction the caller (Store) owns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from matcher.councils import CouncilRegistry
from matcher.programme import Programme
from matcher.settings import ProgrammeSettings
from matcher.store.codec import (
    ENTITY_MODELS,
    challenge_peer_rows,
    challenges_from_rows,
    model_from_row,
    model_rows,
)
from matcher.store.coltypes import utcnow
from matcher.store.errors import ProgrammeNotFound
from matcher.store.records import ProgrammeInfo
from matcher.store.tables import (
    Base,
    ChallengePeerRow,
    ChallengeRow,
    ConflictRow,
    HistoryRow,
    PeerRow,
    PlacementRow,
    ProgrammeRow,
    SeatRow,
    UnavailabilityRow,
)

ENTITY_TABLES: dict[str, type[Base]] = {
    "peers": PeerRow,
    "unavailability": UnavailabilityRow,
    "conflicts": ConflictRow,
    "seats": SeatRow,
    "placements": PlacementRow,
    "history": HistoryRow,
}
"""Programme attribute -> table, for the one-model-one-row entities (see codec)."""


def _bulk_insert(session: Session, table: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """One executemany per table: per-object ORM adds would be ~50x slower at 10k peers."""
    if rows:
        session.execute(insert(table.__table__), rows)


def save_programme(session: Session, programme: Programme, name: str) -> int:
    """Insert `programme` under a new id; the caller's transaction makes it all or nothing."""
    header = ProgrammeRow(
        name=name,
        created_at=utcnow(),
        financial_year=programme.financial_year,
        settings=programme.settings.model_dump(mode="json"),
    )
    session.add(header)
    session.flush()
    _insert_rows(session, programme, header.id)
    return header.id


CHILDREN_FIRST = (
    PlacementRow,
    SeatRow,
    ChallengePeerRow,
    ChallengeRow,
    UnavailabilityRow,
    ConflictRow,
    PeerRow,
)


def replace_programme(session: Session, programme_id: int, programme: Programme) -> None:
    """Put `programme` in place of the stored one under the same id (its runs, workflow
    and versions stay); the caller's transaction makes it all or nothing."""
    header = session.get(ProgrammeRow, programme_id)
    if header is None:
        raise ProgrammeNotFound(programme_id)
    for table in CHILDREN_FIRST:
        session.execute(delete(table).where(table.programme_id == programme_id))
    header.financial_year = programme.financial_year
    header.settings = programme.settings.model_dump(mode="json")
    _insert_rows(session, programme, programme_id)


def _insert_rows(session: Session, programme: Programme, pid: int) -> None:
    # Parents before children: the foreign keys are checked row by row.
    _bulk_insert(session, PeerRow, model_rows(programme.peers, pid))
    challenges = model_rows(programme.challenges, pid, skip=frozenset({"vetoes", "requests"}))
    _bulk_insert(session, ChallengeRow, challenges)
    _bulk_insert(session, ChallengePeerRow, challenge_peer_rows(programme.challenges, pid))
    for attribute in ("seats", "unavailability", "conflicts", "placements", "history"):
        _bulk_insert(
            session, ENTITY_TABLES[attribute], model_rows(getattr(programme, attribute), pid)
        )


def _rows(session: Session, table: type[Base], programme_id: int, *order: str) -> Iterable[Any]:
    columns = table.__table__.c
    query = select(columns).where(columns.programme_id == programme_id)
    return session.execute(query.order_by(*(columns[name] for name in order))).mappings()


def load_programme(session: Session, programme_id: int, councils: CouncilRegistry) -> Programme:
    """The programme exactly as saved, with `councils` as its reference data."""
    header = session.get(ProgrammeRow, programme_id)
    if header is None:
        raise ProgrammeNotFound(programme_id)
    entities = {
        attribute: tuple(
            model_from_row(ENTITY_MODELS[attribute], row)
            for row in _rows(session, table, programme_id, "position")
        )
        for attribute, table in ENTITY_TABLES.items()
    }
    challenges = challenges_from_rows(
        _rows(session, ChallengeRow, programme_id, "position"),
        _rows(session, ChallengePeerRow, programme_id, "challenge_id", "relation", "position"),
    )
    return Programme(
        councils=councils,
        challenges=challenges,
        settings=ProgrammeSettings.model_validate(header.settings),
        **entities,
    )


def _count(table: type[Base]) -> Any:
    columns = table.__table__.c
    return select(func.count()).where(columns.programme_id == ProgrammeRow.id).scalar_subquery()


def list_programmes(session: Session) -> list[ProgrammeInfo]:
    """Every stored programme, oldest first, with its peer and challenge counts."""
    query = select(ProgrammeRow, _count(PeerRow), _count(ChallengeRow)).order_by(ProgrammeRow.id)
    return [
        ProgrammeInfo(
            programme_id=row.id,
            name=row.name,
            created_at=row.created_at,
            financial_year=row.financial_year,
            peer_count=peers,
            challenge_count=challenges,
        )
        for row, peers, challenges in session.execute(query)
    ]


def delete_programme(session: Session, programme_id: int) -> None:
    """Delete a programme; its rows and runs go with it (ON DELETE CASCADE)."""
    result = session.execute(delete(ProgrammeRow).where(ProgrammeRow.id == programme_id))
    if result.rowcount == 0:
        raise ProgrammeNotFound(programme_id)
