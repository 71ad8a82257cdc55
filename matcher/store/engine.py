"""Engines for the two supported backends: an embedded SQLite file, or PostgreSQL.

SQLite needs help to behave like a server database under the API's job workers:
foreign keys on (erasure cascades), WAL so readers never block the writer, a busy
timeout, and SQLAlchemy emitting BEGIN itself so DDL is transactional (an interrupted
migration rolls back) and write transactions can take the write lock up front.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from matcher.store.errors import StoreError

BEGIN_MODE = "peermatch_sqlite_begin"
"""Execution option naming the SQLite BEGIN mode (DEFERRED for reads, IMMEDIATE for writes)."""

WRITE = {BEGIN_MODE: "IMMEDIATE"}
"""Execution options for a write transaction: on SQLite, lock first, then read."""

SQLITE_BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another process's write transaction before giving up."""


def make_engine(url: str) -> Engine:
    """An engine for `url` (sqlite:///path or postgresql+psycopg://...)."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # ArgumentError and friends: say what was wrong
        raise StoreError(f"not a database URL: {url!r} ({exc})") from exc
    serializer = json.dumps  # values are made plain by coltypes.jsonable before this
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, serializer)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, json_serializer=serializer)
    raise StoreError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
    )


def _is_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in str(url)


def _private_file(path: Path) -> None:
    """Create the database file owner-only (0600, folder 0700 if new) before SQLite does:
    it holds personal data, and SQLite gives its -wal/-shm files the file's own mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    try:
        os.chmod(path, 0o600)
    except PermissionError:  # someone else's file: leave its mode to its owner
        pass


def _sqlite_engine(url: URL, serializer: Any) -> Engine:
    """A SQLite engine; the file (owner-only) and its folder are created on first use."""
    if not _is_memory(url) and not (url.database or "").startswith("file:"):
        _private_file(Path(url.database or "").expanduser().resolve())
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}, json_serializer=serializer
    )
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy (see the module docstring).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_MODE, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
