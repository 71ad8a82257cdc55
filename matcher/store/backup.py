"""Backups of the store, safe while the service runs (`peermatch backup` / `restore`).

SQLite: the online backup API copies a consistent snapshot page by page under SQLite's
own locks, so a running service (and its job workers writing progress) never sees a
torn file and never stops; restoring goes the same way in reverse, into the live file,
so the -wal journal stays coherent. Backups are written owner-only (0600): they hold
personal data.

PostgreSQL: its own tools, `pg_dump --format=custom` (a consistent snapshot in one
transaction, also while the service runs) and `pg_restore --clean --if-exists
--no-owner`; they must be on PATH (Debian: postgresql-client). See docs/backup.md.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from matcher.store.errors import StoreError

PAGES_PER_STEP = 256
"""Pages copied per step of the SQLite backup: writers get the lock between steps."""


def backup(url: str, target: Path) -> Path:
    """Write a backup of the store at `url` to `target` (a new file)."""
    target = Path(target)
    if target.exists():
        raise StoreError(f"{target} exists: choose a new file for the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _private(target)
        _sqlite_copy(_sqlite_path(parsed, must_exist=True), target)
    elif parsed.get_backend_name() == "postgresql":
        _private(target)
        _run_tool("pg_dump", ["--format=custom", "--file", str(target)], parsed)
    else:
        raise StoreError(f"no backup for {parsed.get_backend_name()!r} databases")
    return target


def restore(url: str, source: Path) -> None:
    """Replace the store at `url` by the backup in `source` (everything in it is lost)."""
    source = Path(source)
    if not source.is_file():
        raise StoreError(f"no backup file {source}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        target = _sqlite_path(parsed, must_exist=False)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not target.exists():
            _private(target)
        _sqlite_copy(source, target)
    elif parsed.get_backend_name() == "postgresql":
        _run_tool("pg_restore", ["--clean", "--if-exists", "--no-owner", str(source)], parsed)
    else:
        raise StoreError(f"no restore for {parsed.get_backend_name()!r} databases")


def _sqlite_path(parsed, must_exist: bool) -> Path:
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise StoreError("an in-memory SQLite store has nothing to back up or restore")
    path = Path(database).expanduser().resolve()
    if must_exist and not path.is_file():
        raise StoreError(f"no SQLite store at {path}")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    """The online backup API, from `source` into `target`, then an integrity check."""
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target, timeout=30) as dst:
        src.backup(dst, pages=PAGES_PER_STEP)
        verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
    src.close()
    dst.close()
    if verdict != "ok":
        raise StoreError(f"the copy at {target} failed SQLite's integrity check: {verdict}")


def _check_sqlite_backup(source: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        db.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source} is not a SQLite backup: {exc}") from None
    if "schema_version" not in tables:
        raise StoreError(f"{source} is not a peermatch store (no schema_version table)")


def _private(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _libpq_env(parsed) -> dict[str, str]:
    """Connection settings for libpq tools as environment variables (the password never
    appears on a command line)."""
    values = {
        "PGHOST": parsed.host,
        "PGPORT": str(parsed.port) if parsed.port else None,
        "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password,
        "PGDATABASE": parsed.database,
        "PGOPTIONS": parsed.query.get("options"),
    }
    return {k: v for k, v in values.items() if v}


def _schema(parsed) -> str | None:
    """The schema a `-csearch_path=` option confines the store to (dumped alone)."""
    found = re.search(r"search_path=([A-Za-z0-9_]+)", str(parsed.query.get("options", "")))
    return found.group(1) if found else None


def _run_tool(name: str, args: list[str], parsed) -> None:
    tool = shutil.which(name)
    if tool is None:
        raise StoreError(f"{name} is not on PATH (install the PostgreSQL client tools)")
    if name == "pg_restore":
        args = ["--dbname", parsed.database or "", *args]
    elif (schema := _schema(parsed)) is not None:
        args = [f"--schema={schema}", *args]
    env = os.environ | _libpq_env(parsed)
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise StoreError(f"{name} failed: {done.stderr.strip()[-2000:]}")
