"""The versioned schema: creation, upgrades, refusals and concurrent first opens."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Connection, inspect, select, text

from matcher.councils import CouncilRegistry
from matcher.programme import Programme
from matcher.settings import AppSettings
from matcher.store import SchemaVersionError, Store, migrations, testing
from matcher.store.coltypes import utcnow
from matcher.store.engine import make_engine
from matcher.store.migrations import MIGRATIONS, Migration
from matcher.store.service_tables import ApiKeyRow, AuditRow
from matcher.store.tables import Base, SchemaVersionRow

store_url = testing.store_url


def history(store: Store) -> list[tuple[int, str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(SchemaVersionRow).order_by(SchemaVersionRow.version))
        return [(row.version, row.description) for row in rows]


def add_note_column(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE programmes ADD COLUMN note VARCHAR"))


NOTE_STEP = Migration(len(MIGRATIONS) + 1, "programmes.note", add_note_column)


def columns(store: Store, table: str) -> set[str]:
    with store.engine.connect() as connection:
        return {column["name"] for column in inspect(connection).get_columns(table)}


def test_a_new_database_is_created_at_the_latest_version(store_url):
    with Store.open(store_url) as store:
        assert history(store) == [(len(MIGRATIONS), f"created at version {len(MIGRATIONS)}")]
    with Store.open(store_url) as store:  # reopening changes nothing
        assert len(history(store)) == 1


def test_an_older_database_is_upgraded_in_order(store_url, monkeypatch):
    with Store.open(store_url) as store:
        programme_id = store.save_programme(Programme(CouncilRegistry([], []), (), ()), "kept")
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, NOTE_STEP))
    with Store.open(store_url) as store:
        assert history(store)[-1] == (NOTE_STEP.version, "programmes.note")
        assert "note" in columns(store, "programmes")
        assert [p.programme_id for p in store.list_programmes()] == [programme_id]


def test_a_newer_database_is_refused(store_url, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, NOTE_STEP))
    Store.open(store_url).close()
    monkeypatch.undo()
    newer = f"newer than the {len(MIGRATIONS)} this peermatch knows"
    with pytest.raises(SchemaVersionError, match=newer):
        Store.open(store_url)


def test_a_failing_step_leaves_the_database_as_it_was(store_url, monkeypatch):
    Store.open(store_url).close()

    def half_done(connection: Connection) -> None:
        add_note_column(connection)
        raise RuntimeError("step failed halfway")

    broken = Migration(NOTE_STEP.version, "broken", half_done)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, broken))
    with pytest.raises(RuntimeError, match="halfway"):
        Store.open(store_url)
    monkeypatch.undo()
    with Store.open(store_url) as store:
        assert [version for version, _ in history(store)] == [len(MIGRATIONS)]
        assert "note" not in columns(store, "programmes")


def test_a_missing_step_is_detected(store_url):
    with Store.open(store_url) as store, store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE runs DROP COLUMN error"))
    with pytest.raises(SchemaVersionError, match="lacks runs.error"):
        Store.open(store_url)


def test_an_unversioned_database_is_refused(store_url):
    with Store.open(store_url) as store, store.engine.begin() as connection:
        connection.execute(text("DROP TABLE schema_version"))
    with pytest.raises(SchemaVersionError, match="no schema_version table"):
        Store.open(store_url)


def test_concurrent_first_opens_create_the_schema_once(store_url):
    def open_and_close(_: int) -> int:
        with Store.open(store_url) as store:
            return len(history(store))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(open_and_close, range(4))) == [1, 1, 1, 1]


def test_misnumbered_steps_are_a_bug():
    with pytest.raises(ValueError, match="1, 2, 3"):
        migrations._check_steps((Migration(2, "gap", add_note_column),))


def test_the_default_store_is_a_sqlite_file_under_home(tmp_path):
    settings = AppSettings(home=tmp_path / "not" / "yet" / "there")
    with Store.from_settings(settings) as store:
        assert store.list_programmes() == []
    assert (tmp_path / "not" / "yet" / "there" / "peermatch.db").is_file()


def test_an_unknown_backend_is_refused():
    from matcher.store import StoreError

    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        Store.open("mysql://localhost/peermatch")


def _old_service_database(url: str) -> None:
    """A database as the service left it before migration 2: the store at version 1 and
    the service's tables beside it with their own `api_schema_version`."""
    engine = make_engine(url)
    try:
        migrations.migrate(engine, MIGRATIONS[:1])
        with engine.begin() as connection:
            Base.metadata.create_all(connection, tables=list(migrations.SERVICE_TABLES))
            connection.execute(
                text(
                    "CREATE TABLE api_schema_version (version INTEGER PRIMARY KEY, "
                    "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
                )
            )
            connection.execute(
                text("INSERT INTO api_schema_version VALUES (1, 'created at version 1', :at)"),
                {"at": utcnow()},
            )
            values = {"at": utcnow(), "hash": "a" * 64}
            connection.execute(
                text(
                    "INSERT INTO api_keys (name, role, token_hash, prefix, created_at) "
                    "VALUES ('old manager', 'manager', :hash, 'pm_old', :at)"
                ),
                values,
            )
            connection.execute(
                text(
                    "INSERT INTO api_audit (at, actor, role, action, resource, personal, detail)"
                    " VALUES (:at, 'old manager', 'manager', 'create', 'programmes/1', false,"
                    " '{}')"
                ),
                values,
            )
    finally:
        engine.dispose()


def test_migration_2_adopts_the_service_tables_with_their_rows(store_url):
    _old_service_database(store_url)
    with Store.open(store_url) as store:
        assert [v for v, _ in history(store)] == list(range(1, len(MIGRATIONS) + 1))
        with store.read() as session:
            assert [k.name for k in session.scalars(select(ApiKeyRow))] == ["old manager"]
            assert [a.resource for a in session.scalars(select(AuditRow))] == ["programmes/1"]
        with store.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
    assert "api_schema_version" not in tables, "one schema version table"
    assert {t.name for t in migrations.SERVICE_TABLES} <= tables


def test_migration_2_creates_the_service_tables_for_a_store_only_database(store_url):
    engine = make_engine(store_url)
    migrations.migrate(engine, MIGRATIONS[:1])
    engine.dispose()
    with Store.open(store_url) as store:
        assert [v for v, _ in history(store)] == list(range(1, len(MIGRATIONS) + 1))
        with store.read() as session:
            assert session.scalars(select(ApiKeyRow)).all() == []


def test_migration_7_keeps_peers_answers_and_adds_their_version_and_conflicts(store_url):
    """A version-6 database (api_profile_updates without `version` and `conflicts`)
    with a peer's answer in it: migration 7 adds the columns, the answer stays."""
    from matcher.store.peer_year import ProfileUpdateRow

    engine = make_engine(store_url)
    try:
        migrations.migrate(engine, MIGRATIONS[:6])
        with engine.begin() as connection:
            for column in ("version", "conflicts"):
                connection.execute(text(f"ALTER TABLE api_profile_updates DROP COLUMN {column}"))
            connection.execute(
                text(
                    "INSERT INTO api_profile_updates (programme_id, peer_id, at, confirmed, "
                    "changes) VALUES (1, 'P1', :at, false, '{\"disability\": \"yes\"}')"
                ),
                {"at": utcnow()},
            )
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert [v for v, _ in history(store)][:2] == [6, 7]  # created at 6, then step 7
        with store.read() as session:
            [row] = session.scalars(select(ProfileUpdateRow)).all()
    assert (row.peer_id, row.changes, row.version, row.conflicts) == (
        "P1",
        {"disability": "yes"},
        None,
        None,
    )


def test_migration_8_merges_both_histories_into_one_table_with_every_row(store_url):
    """Version 7 had two history tables: the per-programme `history` (S8) and the
    service's `api_history` (the due list). Step 8 carries every row into one table."""
    from datetime import date

    from matcher.store.tables import HistoryRow, ProgrammeRow

    engine = make_engine(store_url)
    try:
        migrations.migrate(engine, MIGRATIONS[:7])
        with engine.begin() as connection:
            connection.execute(
                ProgrammeRow.__table__.insert(),
                {"name": "p", "created_at": utcnow(), "financial_year": 2024, "settings": {}},
            )
            connection.execute(text("DROP TABLE history"))
            connection.execute(
                text(
                    "CREATE TABLE history (programme_id INTEGER NOT NULL, position INTEGER NOT "
                    "NULL, peer_id VARCHAR NOT NULL, council VARCHAR NOT NULL, start_date DATE "
                    "NOT NULL, challenge_id VARCHAR, PRIMARY KEY (programme_id, position))"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO history VALUES (1, 1, 'P2', 'E06000002', '2022-05-09', NULL), "
                    "(1, 0, 'P1', 'E06000001', '2023-01-09', 'OLD1')"
                )
            )
            connection.execute(
                text(
                    "CREATE TABLE api_history (id INTEGER PRIMARY KEY, challenge_ref VARCHAR(200)"
                    " NOT NULL, council VARCHAR(20) NOT NULL, type VARCHAR(30) NOT NULL, start "
                    "DATE NOT NULL, peer_id VARCHAR(200), uploaded_at TIMESTAMP NOT NULL, "
                    "uploaded_by VARCHAR NOT NULL)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO api_history VALUES (1, 'H1', 'E06000003', 'cpc', '2019-06-03', "
                    "'P9', :at, 'old manager'), (2, 'H1', 'E06000003', 'cpc', '2019-06-03', NULL,"
                    " :at, 'old manager')"
                ),
                {"at": utcnow()},
            )
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert [v for v, _ in history(store)][-1] == 8
        with store.read() as session:
            rows = session.scalars(select(HistoryRow).order_by(HistoryRow.id)).all()
        with store.engine.connect() as connection:
            assert not inspect(connection).has_table("api_history"), "one history table"
    got = [
        (r.programme_id, r.peer_id, r.council, r.start_date, r.challenge_id, r.type) for r in rows
    ]
    assert got == [
        (1, "P1", "E06000001", date(2023, 1, 9), "OLD1", None),  # the programme's order
        (1, "P2", "E06000002", date(2022, 5, 9), None, None),
        (None, "P9", "E06000003", date(2019, 6, 3), "H1", "cpc"),  # the service's
        (None, None, "E06000003", date(2019, 6, 3), "H1", "cpc"),
    ]
    assert rows[2].uploaded_by == "old manager" and rows[2].uploaded_at is not None
