"""Solve runs and their results, inside a transaction the caller (Store) owns.

Status changes are one conditional UPDATE (`WHERE status IN ('queued', 'running')`), so
a worker reporting late can never overwrite a cancellation, on either backend, without
locks held across calls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.orm import Session

from matcher.models import Assignment, UnfilledSeat
from matcher.store.codec import model_from_row
from matcher.store.coltypes import UTCDateTime, jsonable, utcnow
from matcher.store.errors import ProgrammeNotFound, RunNotFound, RunStateError
from matcher.store.records import ACTIVE, RunKind, RunRecord, RunStatus
from matcher.store.tables import ProgrammeRow, RunAssignmentRow, RunRow, RunUnfilledRow

INTERRUPTED = "interrupted: the service stopped before this run finished; start it again"
_ACTIVE_VALUES = sorted(status.value for status in ACTIVE)


def create_run(
    session: Session, programme_id: int, kind: RunKind | str, params: Mapping[str, Any]
) -> str:
    """Queue a run of `kind` on a stored programme; returns its new UUID."""
    kind = RunKind(kind)
    if session.get(ProgrammeRow, programme_id) is None:
        raise ProgrammeNotFound(programme_id)
    run = RunRow(
        id=str(uuid4()),
        programme_id=programme_id,
        kind=kind.value,
        status=RunStatus.QUEUED.value,
        params=jsonable(dict(params)),
        created_at=utcnow(),
    )
    session.add(run)
    return run.id


def _change_active(session: Session, run_id: str, values: dict[str, Any]) -> None:
    """Apply `values` to a queued or running run, else say why not."""
    query = update(RunRow).where(RunRow.id == run_id, RunRow.status.in_(_ACTIVE_VALUES))
    if session.execute(query.values(**values)).rowcount == 1:
        return
    status = session.scalar(select(RunRow.status).where(RunRow.id == run_id))
    if status is None:
        raise RunNotFound(run_id)
    raise RunStateError(f"run {run_id} is already {status}; a finished run cannot change")


def _started(now: datetime) -> Any:
    """started_at keeps the first time a run was marked running."""
    return func.coalesce(RunRow.started_at, literal(now, UTCDateTime()))


def set_run_status(
    session: Session,
    run_id: str,
    status: RunStatus | str,
    *,
    progress: Mapping[str, Any] | None = None,
    error: str | None = None,
) -> None:
    """Move an active run to `status`; progress replaces the last report when given."""
    status = RunStatus(status)
    if status is RunStatus.DONE:
        raise ValueError("a run becomes done with its result: use save_run_result")
    now = utcnow()
    values: dict[str, Any] = {"status": status.value}
    if progress is not None:
        values["progress"] = jsonable(dict(progress))
    if error is not None:
        values["error"] = error
    if status is RunStatus.RUNNING:
        values["started_at"] = _started(now)
    if status.finished:
        values["finished_at"] = now
    _change_active(session, run_id, values)


def save_run_result(
    session: Session,
    run_id: str,
    assignments: Sequence[Assignment],
    unfilled: Sequence[UnfilledSeat],
    summary: Mapping[str, Any],
) -> None:
    """Store a run's answer and mark it done (the caller's transaction: all or nothing)."""
    values = {"status": RunStatus.DONE.value, "summary": jsonable(dict(summary))}
    _change_active(session, run_id, values | {"finished_at": utcnow()})
    for table, models in ((RunAssignmentRow, assignments), (RunUnfilledRow, unfilled)):
        rows = [
            {"run_id": run_id, "position": position, **model.model_dump()}
            for position, model in enumerate(models)
        ]
        if rows:
            session.execute(insert(table.__table__), rows)


def _record(row: RunRow) -> RunRecord:
    return RunRecord(
        run_id=row.id,
        programme_id=row.programme_id,
        kind=RunKind(row.kind),
        status=RunStatus(row.status),
        params=row.params,
        progress=row.progress,
        summary=row.summary,
        error=row.error,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )


def get_run(session: Session, run_id: str) -> RunRecord:
    row = session.get(RunRow, run_id)
    if row is None:
        raise RunNotFound(run_id)
    return _record(row)


def list_runs(session: Session, programme_id: int | None = None) -> list[RunRecord]:
    """Runs oldest first, of one programme or of all."""
    query = select(RunRow).order_by(RunRow.created_at, RunRow.id)
    if programme_id is not None:
        query = query.where(RunRow.programme_id == programme_id)
    return [_record(row) for row in session.scalars(query)]


def result_rows(session: Session, run_id: str, model: type[Assignment] | type[UnfilledSeat]):
    """A run's assignments or unfilled seats in saved order (empty until it is done)."""
    table = RunAssignmentRow if model is Assignment else RunUnfilledRow
    if session.get(RunRow, run_id) is None:
        raise RunNotFound(run_id)
    columns = table.__table__.c
    query = select(columns).where(columns.run_id == run_id).order_by(columns.position)
    return [model_from_row(model, row) for row in session.execute(query).mappings()]


def fail_interrupted_runs(session: Session, reason: str = INTERRUPTED) -> list[str]:
    """Mark every queued or running run failed with `reason`; returns their ids.

    Called at service start: no worker survives a restart, so an active run left in the
    table is one that was killed, and it must show as failed rather than spin forever.
    """
    query = (
        update(RunRow)
        .where(RunRow.status.in_(_ACTIVE_VALUES))
        .values(status=RunStatus.FAILED.value, error=reason, finished_at=utcnow())
        .returning(RunRow.id)
    )
    return sorted(session.scalars(query))
