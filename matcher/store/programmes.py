"""Saving and loading programmes, inside a transaction the caller (Store) owns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from matcher.councils import CouncilRegistry
from matcher.models import PastPlacement
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
}
"""Programme attribute -> table, for the one-model-one-row entities (see codec); the
history is one table with the service's rows (load_history, save_history)."""


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
    for attribute in ("seats", "unavailability", "conflicts", "placements"):
        _bulk_insert(
            session, ENTITY_TABLES[attribute], model_rows(getattr(programme, attribute), pid)
        )
    save_history(session, programme, pid)


def _history_model(row: Any) -> PastPlacement:
    return PastPlacement(
        peer_id=row.peer_id,
        council=row.council,
        start_date=row.start_date,
        challenge_id=row.challenge_id,
        type=row.type,
    )


def service_history(session: Session, pool: set[str]) -> list[PastPlacement]:
    """The service-wide history (PUT /history) as a programme with `pool` sees it: a
    row naming a peer outside the pool keeps its challenge (council, start, type, id:
    the due list, S5's `follows`) without the peer, who cannot be matched anyway."""
    query = select(HistoryRow).where(HistoryRow.programme_id.is_(None)).order_by(HistoryRow.id)
    out = []
    for row in session.scalars(query):
        past = _history_model(row)
        if past.peer_id is not None and past.peer_id not in pool:
            past = past.model_copy(update={"peer_id": None})
        out.append(past)
    return out


def load_history(session: Session, programme_id: int, pool: set[str]) -> tuple:
    """The one history a programme reads: its own rows (its files'), then the service's."""
    query = (
        select(HistoryRow).where(HistoryRow.programme_id == programme_id).order_by(HistoryRow.id)
    )
    own = [_history_model(row) for row in session.scalars(query)]
    return (*own, *service_history(session, pool))


def save_history(session: Session, programme: Programme, pid: int) -> None:
    """The programme's own history rows: those it holds beyond the service's (which it
    was loaded with and must not copy); replaces the rows it had."""
    session.execute(delete(HistoryRow).where(HistoryRow.programme_id == pid))
    shared = set(service_history(session, set(programme.peer_by_id)))
    rows = [
        {"programme_id": pid, **past.model_dump(mode="json")} | {"start_date": past.start_date}
        for past in programme.history
        if past not in shared
    ]
    _bulk_insert(session, HistoryRow, rows)


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
    pool = {p.peer_id for p in entities["peers"]}
    return Programme(
        councils=councils,
        challenges=challenges,
        settings=ProgrammeSettings.model_validate(header.settings),
        history=load_history(session, programme_id, pool),
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
