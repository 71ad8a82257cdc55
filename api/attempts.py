"""A limit on failed sign-in attempts per client address (API keys, passwords).

Guessing a 256-bit key is hopeless, but a short bootstrap key or a weak password is not,
and a flood of guesses costs database lookups. After `limit` failures from one address
within `window_s`, that address gets 429 with Retry-After until the oldest failure ages
out; successes do not reset the count (a guesser holding one valid key must not get a
free pass).

The failures are rows of the store (api_failed_attempts), not a process's memory: every
worker of one deployment counts the same failures, and a restart does not hand a guesser
a fresh allowance. Rows older than the window are deleted as new failures arrive, and the
address is kept only as its SHA-256. Calls the pages make to the API in-process carry
INTERNAL_CLIENT as their address and are not counted there: the page's own sign-in
counts the browser's address.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from matcher.store import Store
from matcher.store.coltypes import utcnow
from matcher.store.service_tables import FailedAttemptRow

INTERNAL_CLIENT = "peermatch-pages"
"""The client address of the pages' in-process API calls (not reachable from outside)."""


class TooManyAttempts(Exception):
    """Too many failed attempts from one address; `retry_after_s` until the next try."""

    def __init__(self, retry_after_s: int):
        super().__init__(f"too many failed sign-in attempts; retry in {retry_after_s} s")
        self.retry_after_s = retry_after_s


def _hashed(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


class FailedAttempts:
    """The limiter over one store (see the module docstring). What it counts against is
    a client address, or an account ("user <id>") where a person proves their password
    through the pages (api.routers.users)."""

    def __init__(
        self,
        store: Store,
        limit: int = 30,
        window_s: float = 60.0,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.store = store
        self.limit = limit
        self.window = timedelta(seconds=window_s)
        self.clock = clock
        """Wall-clock time (one clock for every worker; tests move it on)."""

    @staticmethod
    def _counted(address: str | None) -> bool:
        return address is not None and address != INTERNAL_CLIENT

    def check(self, address: str | None) -> None:
        """Raise TooManyAttempts if `address` is over the limit."""
        if not self._counted(address):
            return
        now = self.clock()
        query = select(func.count(), func.min(FailedAttemptRow.at)).where(
            FailedAttemptRow.address_hash == _hashed(address),
            FailedAttemptRow.at > now - self.window,
        )
        with self.store.read() as session:
            count, oldest = session.execute(query).one()
        if count >= self.limit:
            wait = (self.window - (now - oldest)).total_seconds()
            raise TooManyAttempts(max(1, math.ceil(wait)))

    def failed(self, address: str | None) -> None:
        """Count one failure of `address`, and forget every failure older than the window."""
        if not self._counted(address):
            return
        now = self.clock()
        with self.store.write() as session:
            session.execute(
                delete(FailedAttemptRow).where(FailedAttemptRow.at <= now - self.window)
            )
            session.add(FailedAttemptRow(address_hash=_hashed(address), at=now))
