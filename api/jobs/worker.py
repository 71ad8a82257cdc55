"""The worker process of one job: load, pin, solve, and write every step to the store.

It runs in a fresh interpreter (spawn), so CP-SAT never competes with the event loop
for the GIL and a crash or a kill takes only this job with it. Everything it does is a
store transaction: progress replaces the last report, and the result with its summary
lands in one commit, so a killed worker leaves the run `running` (marked failed at the
next start-up, or by the parent that sees it die) and never half a result.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.programmes import load_stored
from api.workflow_read import workflow_seats
from matcher.batch.job import BatchResult
from matcher.batch.outputs import summary_document, utilisation_table
from matcher.batch.recorded import RunRecorder, record_batch, solve_params
from matcher.store import RunKind, RunStateError, RunStatus, Store
from matcher.workflow import pinned_programme
from matcher.workflow.replan import changed_seats

SERVICE_POLL_S = 1.0


@dataclass(frozen=True)
class JobSpec:
    """Everything a worker needs, picklable: it shares no objects with the service."""

    run_id: str
    programme_id: int
    kind: str
    db_url: str
    data_dir: str
    params: dict[str, Any] = field(default_factory=dict)
    progress_interval_s: float = 0.5
    service: tuple[int, str | None] | None = None
    """The submitting service's pid and start time (api.jobs.worker.process_identity)."""


def process_identity(pid: int) -> tuple[int, str | None]:
    """A pid with its start time (Linux), so a recycled pid is not taken for the service."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return pid, stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return pid, None


def _service_alive(service: tuple[int, str | None]) -> bool:
    pid, started = service
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: the pid was recycled
    return started is None or process_identity(pid)[1] == started


def _die_with_service(service: tuple[int, str | None] | None) -> None:
    """Exit when the service that submitted the job is gone: no one would reap us.

    Watches the service process itself rather than our parent: under forkserver the
    parent is the fork server, which in turn lives as long as any of its children.
    """
    if service is None:
        return

    def watch() -> None:
        while True:
            time.sleep(SERVICE_POLL_S)
            if not _service_alive(service):
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="watch-service").start()


def run_job(spec: JobSpec) -> None:
    """Entry point of the worker process."""
    _die_with_service(spec.service)
    store = Store.open(spec.db_url)
    try:
        _run(store, spec)
    except RunStateError:
        pass  # cancelled while finishing: the cancellation stands
    except BaseException as exc:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        try:
            store.set_run_status(spec.run_id, RunStatus.FAILED, error=detail)
        except RunStateError:
            pass
        traceback.print_exc()
    finally:
        store.close()


def _exit_cancelled() -> None:
    os._exit(0)  # cancelled (or failed by a restart): stop spending CPU on it


def _run(store: Store, spec: JobSpec) -> None:
    recorder = RunRecorder(store, spec.run_id, spec.progress_interval_s, _exit_cancelled)
    recorder.write()
    programme = load_stored(store, spec.programme_id, Path(spec.data_dir))
    seats = workflow_seats(store, spec.programme_id)
    programme, pins = pinned_programme(programme, seats)
    if spec.kind == RunKind.WHATIF.value:
        from api.jobs.whatif import run_whatif_job

        with recorder:
            summary = run_whatif_job(programme, spec.params, recorder)
        summary["workflow"] = pins
        store.save_run_result(spec.run_id, [], [], summary)
        return
    params = solve_params(spec.params, programme.settings.time_limit_s)

    def summarise(result: BatchResult) -> dict:
        summary = summary_document(result, utilisation_table(programme, result.assignments))
        changes = [c.as_dict() for c in changed_seats(programme, seats, result.assignments)]
        workflow = pins | {"changed_seats": len(changes)}
        return summary | {"workflow": workflow, "personal": {"changed_seats": changes}}

    record_batch(recorder, programme, params, summarise)
