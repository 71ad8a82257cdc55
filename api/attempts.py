"""A limit on failed sign-in attempts per client address (API keys, passwords).

Guessing a 256-bit key is hopeless, but a short bootstrap key or a weak password is not,
and a flood of guesses costs database lookups. After `limit` failures from one address
within `window_s`, that address gets 429 with Retry-After until the oldest failure ages
out; successes do not reset the count (a guesser holding one valid key must not get a
free pass). Kept in memory per process: a restart clears it, which is acceptable for a
rate limit. Calls the pages make to the API in-process carry INTERNAL_CLIENT as their
address and are not counted there: the page's own sign-in counts the browser's address.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque

INTERNAL_CLIENT = "peermatch-pages"
"""The client address of the pages' in-process API calls (not reachable from outside)."""


class TooManyAttempts(Exception):
    """Too many failed attempts from one address; `retry_after_s` until the next try."""

    def __init__(self, retry_after_s: int):
        super().__init__(f"too many failed sign-in attempts; retry in {retry_after_s} s")
        self.retry_after_s = retry_after_s


class FailedAttempts:
    def __init__(self, limit: int = 30, window_s: float = 60.0):
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        failures = self._failures[address]
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        return failures

    def check(self, address: str | None) -> None:
        """Raise TooManyAttempts if `address` is over the limit."""
        if address is None or address == INTERNAL_CLIENT:
            return
        now = time.monotonic()
        with self._lock:
            failures = self._recent(address, now)
            if len(failures) >= self.limit:
                wait = self.window_s - (now - failures[0])
                raise TooManyAttempts(max(1, math.ceil(wait)))

    def failed(self, address: str | None) -> None:
        if address is None or address == INTERNAL_CLIENT:
            return
        with self._lock:
            self._recent(address, time.monotonic()).append(time.monotonic())
            if len(self._failures) > 10_000:  # forget quiet addresses, bounded memory
                for quiet in [a for a, f in self._failures.items() if not f][:5_000]:
                    del self._failures[quiet]
