"""The store's exceptions: one base class so the API can map them to HTTP answers."""

from __future__ import annotations


class StoreError(Exception):
    """Anything the store refuses to do, said in words a caller can act on."""


class SchemaVersionError(StoreError):
    """The database's schema is newer than this code, unversioned, or incomplete."""


class NotFoundError(StoreError, LookupError):
    """A programme or run id that the store does not hold (the API's 404)."""


class ProgrammeNotFound(NotFoundError):
    def __init__(self, programme_id: int):
        super().__init__(f"no programme with id {programme_id}")
        self.programme_id = programme_id


class RunNotFound(NotFoundError):
    def __init__(self, run_id: str):
        super().__init__(f"no run with id {run_id!r}")
        self.run_id = run_id


class RunStateError(StoreError):
    """A change to a run that has already finished (done, failed or cancelled are final)."""
