"""The Store: programmes and solve runs in SQLite (default) or PostgreSQL.

Every public method is one transaction on its own connection, so a Store is safe to
share between the API's threads and each job worker can open its own in its process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.councils import CouncilRegistry
from matcher.models import Assignment, UnfilledSeat
from matcher.programme import Programme
from matcher.settings import AppSettings
from matcher.store import erasure, migrations, programmes, runs
from matcher.store.engine import WRITE, make_engine
from matcher.store.erasure import Erasure
from matcher.store.errors import StoreError
from matcher.store.records import ProgrammeInfo, RunKind, RunRecord, RunStatus


class Store:
    """Imported programmes and solve runs with their results."""

    def __init__(self, engine: Engine):
        """Wrap an engine whose schema is current; use `Store.open` to get one."""
        self._engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to `url`, creating or upgrading the schema (SQLite file made if absent)."""
        engine = make_engine(url)
        try:
            migrations.migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @classmethod
    def from_settings(cls, settings: AppSettings | None = None) -> Store:
        """The service's store: AppSettings.database_url (a SQLite file under `home`)."""
        return cls.open((settings or AppSettings()).database_url)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (the one transaction helper of every table, the
        service's included)."""
        with Session(self._engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back on any exception
        (SQLite: the write lock is taken first, so read-then-write cannot deadlock)."""
        with self._engine.connect() as connection:
            connection.execution_options(**WRITE)
            with Session(bind=connection) as session, session.begin():
                yield session

    # Programmes

    def save_programme(self, programme: Programme, name: str) -> int:
        """Store `programme` whole under a new id, or nothing at all if any row fails."""
        try:
            with self.write() as session:
                return programmes.save_programme(session, programme, name)
        except IntegrityError as exc:
            raise StoreError(
                f"programme {name!r} was not saved, it breaks a key: {exc.orig}"
            ) from exc

    def load_programme(self, programme_id: int, councils: CouncilRegistry) -> Programme:
        """The saved programme, field for field, with `councils` as reference data."""
        with self.read() as session:
            return programmes.load_programme(session, programme_id, councils)

    def list_programmes(self) -> list[ProgrammeInfo]:
        with self.read() as session:
            return programmes.list_programmes(session)

    def delete_programme(self, programme_id: int) -> None:
        """Delete a programme with all its rows and runs."""
        with self.write() as session:
            programmes.delete_programme(session, programme_id)

    # Runs

    def create_run(
        self, programme_id: int, kind: RunKind | str, params: Mapping[str, Any] | None = None
    ) -> str:
        """Queue a run; returns its id (a UUID string)."""
        with self.write() as session:
            return runs.create_run(session, programme_id, kind, params or {})

    def set_run_status(
        self,
        run_id: str,
        status: RunStatus | str,
        *,
        progress: Mapping[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        """Move a queued or running run on (RunStateError once it has finished)."""
        with self.write() as session:
            runs.set_run_status(session, run_id, status, progress=progress, error=error)

    def save_run_result(
        self,
        run_id: str,
        assignments: Sequence[Assignment],
        unfilled: Sequence[UnfilledSeat],
        summary: Mapping[str, Any],
    ) -> None:
        """Store the answer and mark the run done, in one transaction."""
        with self.write() as session:
            runs.save_run_result(session, run_id, assignments, unfilled, summary)

    def get_run(self, run_id: str) -> RunRecord:
        with self.read() as session:
            return runs.get_run(session, run_id)

    def list_runs(self, programme_id: int | None = None) -> list[RunRecord]:
        with self.read() as session:
            return runs.list_runs(session, programme_id)

    def run_assignments(self, run_id: str) -> list[Assignment]:
        with self.read() as session:
            return runs.result_rows(session, run_id, Assignment)

    def run_unfilled(self, run_id: str) -> list[UnfilledSeat]:
        with self.read() as session:
            return runs.result_rows(session, run_id, UnfilledSeat)

    def fail_interrupted_runs(self, reason: str = runs.INTERRUPTED) -> list[str]:
        """Mark queued and running runs failed; returns their ids.

        Call once when the service starts, before any worker runs: it cannot tell a run
        killed with the old process from one a sibling process is still working on.
        """
        with self.write() as session:
            return runs.fail_interrupted_runs(session, reason)

    # Erasure

    def erase_peer(
        self,
        peer_id: str,
        placeholder: str,
        more: Callable[[Session, Erasure], dict[str, int]] | None = None,
    ) -> Erasure:
        """Erase a peer from every table, run document and text (matcher.store.erasure),
        with `more` erasing the caller's own tables in the same transaction."""
        with self.write() as session:
            return erasure.erase_peer(session, peer_id, placeholder, more)
