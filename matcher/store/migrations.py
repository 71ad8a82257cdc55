"""The versioned schema: an ordered list of migration steps applied when a store opens.

A new database gets the current tables in one go and is stamped with the latest version;
an older one runs each missing step in order, all in one transaction (DDL is transactional
on both backends here), so a failed upgrade leaves the database as it was. A newer
database is refused: code must never write to a schema it does not know.

To change the schema: edit `tables.py`, then append a step that brings a database of the
previous version to the same shape (e.g. `ALTER TABLE ... ADD COLUMN`). `verify_schema`
catches a forgotten step the first time an old database is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, func, inspect, select, text

from matcher.store import peer_year, service_tables
from matcher.store.coltypes import utcnow
from matcher.store.engine import WRITE
from matcher.store.errors import SchemaVersionError
from matcher.store.tables import Base, HistoryRow, SchemaVersionRow

PG_MIGRATION_LOCK = 0x7065_6572  # 'peer': serialises concurrent openers of one database


@dataclass(frozen=True)
class Migration:
    """One step from version - 1 to `version`."""

    version: int
    description: str
    upgrade: Callable[[Connection], None]


SERVICE_TABLES = tuple(
    table
    for table in Base.metadata.sorted_tables
    if table.name in {t.__tablename__ for t in (*service_tables.TABLES, *peer_year.TABLES)}
)
LIVING_TABLES = tuple(
    table
    for table in Base.metadata.sorted_tables
    if table.name in {t.__tablename__ for t in service_tables.LIVING_TABLES}
)
ATTEMPT_TABLES = tuple(
    table
    for table in Base.metadata.sorted_tables
    if table.name in {t.__tablename__ for t in service_tables.ATTEMPT_TABLES}
)
"""The tables the service writes (keys, audit, workflow, upload sources): migration 4;
LIVING_TABLES (cap exceptions, programme versions): migration 5; ATTEMPT_TABLES (failed
sign-ins): migration 6."""
OLD_SERVICE_VERSION_TABLE = "api_schema_version"
"""The service's own version table before migration 4 (one version table since)."""


def _baseline(connection: Connection) -> None:
    """Version 1: the store's own tables, as they were before the service's joined."""
    service = set(SERVICE_TABLES) | set(LIVING_TABLES) | set(ATTEMPT_TABLES)
    Base.metadata.create_all(
        connection, tables=[t for t in Base.metadata.sorted_tables if t not in service]
    )


def _adopt_service_tables(connection: Connection) -> None:
    """Version 4: the service's tables join this schema with their rows.

    A database the service used already holds them (same shape, version 1 or 2 of its own
    `api_schema_version`; 2 added user accounts and browser sessions): they are kept as they
    are, data and all, missing ones are created, and the second version table goes. A
    database only the CLI used gets them created empty.
    """
    old = inspect(connection).has_table(OLD_SERVICE_VERSION_TABLE)
    if old:
        version = connection.scalar(text(f"SELECT MAX(version) FROM {OLD_SERVICE_VERSION_TABLE}"))
        if version is not None and version > 3:  # 2: accounts, 3: the peer's year
            raise SchemaVersionError(
                f"the service tables are at their own version {version}, newer than this "
                "peermatch knows: upgrade peermatch, or point it at another database"
            )
    had_notices = inspect(connection).has_table(peer_year.NoticeRow.__tablename__)
    Base.metadata.create_all(connection, tables=list(SERVICE_TABLES), checkfirst=True)
    if old and not had_notices:
        peer_year.told_already(connection)
    if old:
        connection.execute(text(f"DROP TABLE {OLD_SERVICE_VERSION_TABLE}"))


def _add_column(connection: Connection, table: str, column: str, sql_type: str) -> None:
    """ALTER TABLE ... ADD COLUMN, unless a step before created the table in its newest
    shape (the baseline and step 4 create tables from the current models)."""
    present = {c["name"] for c in inspect(connection).get_columns(table)}
    if column not in present:
        connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))


def _living_year(connection: Connection) -> None:
    """Version 5: placements carry their start date (workflow and programme files) and,
    in a programme exported by the service, their workflow state;
    several names may be put forward for one seat (the one-active-per-seat index goes),
    cap exceptions with their decision, and programme versions."""
    _add_column(connection, "api_placements", "start_date", "DATE")
    _add_column(connection, "placements", "start_date", "DATE")
    _add_column(connection, "placements", "state", "VARCHAR")
    indexes = {i["name"] for i in inspect(connection).get_indexes("api_placements")}
    if "ux_api_placements_active_seat" in indexes:
        connection.execute(text("DROP INDEX ux_api_placements_active_seat"))
    if "ix_api_placements_seat" not in indexes:
        connection.execute(
            text(
                "CREATE INDEX ix_api_placements_seat "
                "ON api_placements (programme_id, challenge_id, seat_id)"
            )
        )
    Base.metadata.create_all(connection, tables=list(LIVING_TABLES), checkfirst=True)


def _failed_attempts(connection: Connection) -> None:
    """Version 6: failed sign-in attempts move from each process's memory to the store."""
    Base.metadata.create_all(connection, tables=list(ATTEMPT_TABLES), checkfirst=True)


def _peer_year(connection: Connection) -> None:
    """Training booked and mentoring training (H6), and peer status (paused, removed)."""
    for column in (
        "training_booked_on DATE",
        "mentoring_trained_on DATE",
        "mentoring_booked_on DATE",
        "status VARCHAR NOT NULL DEFAULT 'active'",
        "paused_until DATE",
        "removed_reason VARCHAR",
    ):
        name, sql_type = column.split(" ", 1)
        _add_column(connection, "peers", name, sql_type)


def _history(connection: Connection) -> None:
    """The history table, as tables.py declares it."""
    HistoryRow.__table__.create(connection, checkfirst=True)


def _peer_answers(connection: Connection) -> None:
    """Version 6: a peer's answer on their own page is a programme version at once; it
    keeps that version and the hard-rule conflicts it raised (issue 13)."""
    table = peer_year.ProfileUpdateRow.__tablename__
    json = "JSONB" if connection.dialect.name == "postgresql" else "JSON"
    _add_column(connection, table, "version", "INTEGER")
    _add_column(connection, table, "conflicts", json)


OLD_SERVICE_HISTORY = "api_history"
"""The service-wide history table before migration 8 (merged into `history`)."""


def _as_date(value) -> date:
    """A DATE read with plain SQL: a date (PostgreSQL) or ISO text (SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _as_datetime(value) -> datetime | None:
    """A timestamp read with plain SQL, as an aware UTC datetime (SQLite: naive text)."""
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _one_history(connection: Connection) -> None:
    """Version 7: one history table. The per-programme `history` (peer_id, council,
    start_date, challenge_id per programme and position) and the service's `api_history`
    (challenge_ref, council, type, start, peer_id, uploaded_at, uploaded_by) become one
    `history` table, every row carried over: the programmes' rows keep their programme
    and order, the service's get none (they belong to every programme)."""
    inspector = inspect(connection)
    own: list = []
    columns = {c["name"] for c in inspector.get_columns("history")}
    if "position" in columns:  # the old per-programme shape
        own = list(
            connection.execute(
                text(
                    "SELECT programme_id, peer_id, council, start_date, challenge_id "
                    "FROM history ORDER BY programme_id, position"
                )
            ).mappings()
        )
        connection.execute(text("DROP TABLE history"))
        HistoryRow.__table__.create(connection)
    service: list = []
    if inspector.has_table(OLD_SERVICE_HISTORY):
        service = list(
            connection.execute(
                text(
                    "SELECT challenge_ref, council, type, start, peer_id, uploaded_at, "
                    f"uploaded_by FROM {OLD_SERVICE_HISTORY} ORDER BY id"
                )
            ).mappings()
        )
        connection.execute(text(f"DROP TABLE {OLD_SERVICE_HISTORY}"))
    none = {"type": None, "uploaded_at": None, "uploaded_by": None}
    rows = [none | dict(r) | {"start_date": _as_date(r["start_date"])} for r in own] + [
        {
            "programme_id": None,
            "challenge_id": r["challenge_ref"],
            "council": r["council"],
            "type": r["type"],
            "start_date": _as_date(r["start"]),
            "peer_id": r["peer_id"],
            "uploaded_at": _as_datetime(r["uploaded_at"]),
            "uploaded_by": r["uploaded_by"],
        }
        for r in service
    ]
    if rows:
        connection.execute(HistoryRow.__table__.insert(), rows)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "programmes with per-entity rows; runs with assignments and unfilled", _baseline),
    Migration(2, "peers: training booked, mentoring training, status", _peer_year),
    Migration(3, "history of earlier years' placements (S8)", _history),
    Migration(
        4,
        "the service's keys, audit log, workflow and upload sources join the store's schema",
        _adopt_service_tables,
    ),
    Migration(
        5,
        "the living year: placement start dates, several names per seat, cap exceptions, "
        "programme versions",
        _living_year,
    ),
    Migration(
        6,
        "failed sign-in attempts kept in the store (shared by workers, kept over restarts)",
        _failed_attempts,
    ),
    Migration(
        7,
        "a peer's answer on their own page is a programme version, with the conflicts it raised",
        _peer_answers,
    ),
    Migration(
        8,
        "one history: the programmes' history and the service's api_history merged",
        _one_history,
    ),
)


def latest_version(steps: Sequence[Migration]) -> int:
    return steps[-1].version


def _check_steps(steps: Sequence[Migration]) -> None:
    versions = [step.version for step in steps]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must run 1, 2, 3, ...; got {versions}")


def current_version(connection: Connection) -> int | None:
    """The database's schema version; None for an empty database."""
    inspector = inspect(connection)
    if not inspector.has_table(SchemaVersionRow.__tablename__):
        ours = [t for t in Base.metadata.tables if inspector.has_table(t)]
        if ours:
            raise SchemaVersionError(
                f"the database has peermatch-like tables ({', '.join(sorted(ours))}) but no "
                "schema_version table: it was not created by peermatch; use an empty database"
            )
        return None
    return connection.scalar(select(func.max(SchemaVersionRow.version)))


def migrate(engine: Engine, steps: Sequence[Migration] | None = None) -> int:
    """Bring the database to the latest version (creating it if empty); return the version."""
    steps = MIGRATIONS if steps is None else steps
    _check_steps(steps)
    latest = latest_version(steps)
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK}
                )
            version = current_version(connection)
            if version is None:
                Base.metadata.create_all(connection)
                _stamp(connection, latest, f"created at version {latest}")
            elif version > latest:
                raise SchemaVersionError(
                    f"the database's schema is version {version}, newer than the {latest} this "
                    "peermatch knows: upgrade peermatch, or point it at another database"
                )
            else:
                for step in steps[version:]:
                    step.upgrade(connection)
                    _stamp(connection, step.version, step.description)
            verify_schema(connection)
    return latest


def _stamp(connection: Connection, version: int, description: str) -> None:
    connection.execute(
        SchemaVersionRow.__table__.insert(),
        {"version": version, "description": description, "applied_at": utcnow()},
    )


def verify_schema(connection: Connection) -> None:
    """Fail clearly if a table or column of the models is missing (a forgotten step)."""
    inspector = inspect(connection)
    missing: list[str] = []
    for table in Base.metadata.sorted_tables:
        if not inspector.has_table(table.name):
            missing.append(table.name)
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in present]
    if missing:
        raise SchemaVersionError(
            f"the database lacks {', '.join(missing)}: a migration step is missing from "
            "matcher.store.migrations.MIGRATIONS"
        )
