"""Upgrading a database whose service tables predate the peer's year (their own schema at
version 1) to the one schema (migration 4 adopts them) on SQLite and PostgreSQL: the new
tables appear, and workflow changes made before the outbox existed are not announced."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from matcher.store import Store, migrations, peer_year
from matcher.store.engine import make_engine
from matcher.store.service_tables import PlacementEventRow, PlacementRow
from matcher.store.tables import Base
from matcher.store.testing import postgres_base_url, postgres_schema

V2_TABLES = {t.__tablename__ for t in (peer_year.OutboxRow, peer_year.NoticeRow)}
NOW = datetime(2024, 5, 1, tzinfo=UTC)


def _version_one(engine) -> None:
    """The api tables as version 1 left them, with one confirmed placement."""
    old = [t for name, t in Base.metadata.tables.items() if name in _V1]
    with engine.begin() as connection:
        migrations._baseline(connection)  # the store's own tables, at version 3 below
        connection.execute(
            text("INSERT INTO schema_version VALUES (3, 'before migration 4', :at)"),
            {"at": NOW},
        )
        Base.metadata.create_all(connection, tables=old)
        connection.execute(
            text(
                "CREATE TABLE api_schema_version (version INTEGER PRIMARY KEY, "
                "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
            )
        )
        connection.execute(
            text("INSERT INTO api_schema_version VALUES (1, 'baseline', :at)"), {"at": NOW}
        )
        connection.execute(
            PlacementRow.__table__.insert(),
            {
                "id": 1,
                "programme_id": 1,
                "challenge_id": "C1",
                "seat_id": "S1",
                "peer_id": "P1",
                "peer_kind": "member",
                "group_office": "labour",
                "state": "confirmed",
                "run_id": None,
                "created_at": NOW,
                "updated_at": NOW,
                "waiting_since": None,
            },
        )
        for number, (before, after) in enumerate(
            [(None, "proposed"), ("proposed", "approved"), ("approved", "put_forward")], 1
        ):
            connection.execute(
                PlacementEventRow.__table__.insert(),
                {
                    "id": number,
                    "placement_id": 1,
                    "at": NOW,
                    "actor": "t",
                    "from_state": before,
                    "to_state": after,
                    "note": "",
                },
            )


_V1 = {
    "api_keys",
    "api_audit",
    "api_programme_sources",
    "api_placements",
    "api_placement_events",
}


def _check_upgrade(url: str) -> None:
    engine = make_engine(url)
    try:
        _version_one(engine)
    finally:
        engine.dispose()
    with Store.open(url) as store, store.engine.connect() as connection:
        kinds = set(connection.execute(select(peer_year.NoticeRow.__table__.c.kind)).scalars())
        tables = set(store.engine.dialect.get_table_names(connection))
    assert kinds == {"proposed", "put_forward"}  # announced states only, none re-sent
    assert V2_TABLES <= tables
    assert "api_schema_version" not in tables, "one schema version table"


def test_upgrade_from_version_one_on_sqlite(tmp_path):
    _check_upgrade(f"sqlite:///{tmp_path / 'v1.db'}")


@pytest.mark.postgres
def test_upgrade_from_version_one_on_postgresql():
    with postgres_schema(postgres_base_url()) as url:
        _check_upgrade(url)
