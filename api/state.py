"""The service's long-lived parts, built once at start-up and shared by every request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from api.attempts import FailedAttempts
from api.jobs.manager import JobManager
from api.programmes import ProgrammeCache
from api.settings import ServiceSettings
from matcher.store import Store
from matcher.store.coltypes import utcnow


@dataclass
class Services:
    settings: ServiceSettings
    store: Store
    jobs: JobManager
    programmes: ProgrammeCache
    failed_attempts: FailedAttempts
    """Failed sign-ins per client address, kept in the store (api.attempts)."""
    clock: Callable[[], datetime] = utcnow
    """Overridable so tests can age a proposal past the 10-day limit."""
    sync_slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(4)
    )
    shortlist_indexes: Any = None
    """api.shortlists.IndexCache (typed loosely: api.shortlists imports this module)."""
    interrupted: list[str] = field(default_factory=list)
    """Runs fail_interrupted_runs marked failed at this start-up."""
