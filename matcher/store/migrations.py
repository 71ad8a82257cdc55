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

from sqlalchemy import Connection, Engine, func, inspect, select, text

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


def _baseline(connection: Connection) -> None:
    Base.metadata.create_all(connection)


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
        connection.execute(text(f"ALTER TABLE peers ADD COLUMN {column}"))


def _history(connection: Connection) -> None:
    """The history table, as tables.py declares it."""
    HistoryRow.__table__.create(connection)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "programmes with per-entity rows; runs with assignments and unfilled", _baseline),
    Migration(2, "peers: training booked, mentoring training, status", _peer_year),
    Migration(3, "history of earlier years' placements (S8)", _history),
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
