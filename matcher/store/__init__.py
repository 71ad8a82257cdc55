"""The embedded store: programmes and solve runs, in SQLite by default or PostgreSQL.

store = Store.open(AppSettings().database_url)   # or Store.from_settings()
pid = store.save_programme(programme, "2024/25 forecast")
run_id = store.create_run(pid, RunKind.BATCH, {"time_limit_s": 60})
store.set_run_status(run_id, RunStatus.RUNNING, progress={"objective": 1234})
store.save_run_result(run_id, assignments, unfilled, summary)
"""

from matcher.store.errors import (
    NotFoundError,
    ProgrammeNotFound,
    RunNotFound,
    RunStateError,
    SchemaVersionError,
    StoreError,
)
from matcher.store.records import ProgrammeInfo, RunKind, RunRecord, RunStatus
from matcher.store.store import Store

__all__ = [
    "NotFoundError",
    "ProgrammeInfo",
    "ProgrammeNotFound",
    "RunKind",
    "RunNotFound",
    "RunRecord",
    "RunStateError",
    "RunStatus",
    "SchemaVersionError",
    "Store",
    "StoreError",
]
