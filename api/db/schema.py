"""The service tables' own schema version, and transactions on the store's engine.

Same contract as matcher.store.migrations, for the `api_` tables only: a new database
gets the current tables and the latest version; an older one runs the missing steps in
one transaction; a newer one is refused, because code must never write to a schema it
does not know. To change a table: edit api/db/tables.py and append a step to STEPS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, Integer, cast, func, inspect, literal, null, select, text
from sqlalchemy.orm import Session

from api.db import peer_year
from api.db.accounts import ACCOUNT_TABLES
from api.db.tables import ApiBase, ApiSchemaVersionRow, PlacementEventRow
from matcher.store.coltypes import UTCDateTime, utcnow
from matcher.store.engine import WRITE

ANNOUNCED_STATES = ("proposed", "put_forward", "confirmed", "not_selected", "withdrawn")
"""Workflow states a message announces (api.messaging.EVENT_KINDS)."""
PG_LOCK = 0x7065_6170  # 'peap': serialises concurrent service start-ups on PostgreSQL


class ApiSchemaError(RuntimeError):
    """The database's api_ tables are newer than this code."""


def _baseline(connection: Connection) -> None:
    ApiBase.metadata.create_all(connection)


def _accounts(connection: Connection) -> None:
    ApiBase.metadata.create_all(connection, tables=list(ACCOUNT_TABLES))


def _peer_year(connection: Connection) -> None:
    """The peer's year (issue 13): outbox, notices, contacts, feedback, profile updates,
    history."""
    for row in (
        peer_year.OutboxRow,
        peer_year.NoticeRow,
        peer_year.ContactRow,
        peer_year.FeedbackRow,
        peer_year.ProfileUpdateRow,
        peer_year.HistoryRow,
    ):
        row.__table__.create(connection, checkfirst=True)
    _told_already(connection)


def _told_already(connection: Connection) -> None:
    """Workflow changes made before the outbox existed are not announced afresh: each
    gets a notice without a message, so the first sweep does not mail a year's history."""
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
    notices = peer_year.NoticeRow.__table__
    connection.execute(
        notices.insert().from_select(["placement_id", "kind", "message_id", "at"], told)
    )


STEPS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "api keys, audit log, placement workflow, programme sources", _baseline),
    (2, "user accounts and browser sessions", _accounts),
    (3, "outbox, notices, peer contacts, feedback, profile updates, history", _peer_year),
)


def migrate(engine: Engine) -> int:
    """Create or upgrade the api_ tables; returns the schema version now in force."""
    latest = STEPS[-1][0]
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK})
            version = _version(connection)
            if version is not None and version > latest:
                raise ApiSchemaError(
                    f"the database's api tables are version {version}, newer than {latest}: "
                    "upgrade peermatch or use another database"
                )
            todo = STEPS if version is None else STEPS[version:]
            if version is None:
                ApiBase.metadata.create_all(connection)
                todo = ((latest, f"created at version {latest}", None),)
            for number, description, upgrade in todo:
                if upgrade is not None:
                    upgrade(connection)
                connection.execute(
                    ApiSchemaVersionRow.__table__.insert(),
                    {"version": number, "description": description, "applied_at": utcnow()},
                )
    return latest


def _version(connection: Connection) -> int | None:
    if not inspect(connection).has_table(ApiSchemaVersionRow.__tablename__):
        return None
    return connection.scalar(select(func.max(ApiSchemaVersionRow.version)))


class Database:
    """Short transactions on the store's engine for the service's own tables."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Commit on success, roll back on any exception (SQLite: write lock taken first)."""
        with self.engine.connect() as connection:
            connection.execution_options(**WRITE)
            with Session(bind=connection) as session, session.begin():
                yield session
