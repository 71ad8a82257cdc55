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

from api.db.schema import Database
from api.programmes import load_stored
from api.workflow import pinned_programme
from api.workflow_db import workflow_seats
from matcher.batch.job import run_batch
from matcher.batch.outputs import summary_document, utilisation_table
from matcher.store import RunKind, RunStateError, RunStatus, Store
from solver.solve import Progress, SolveParams

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


class ProgressWriter:
    """Keeps the latest solver report and writes it, with the elapsed time, every interval.

    The solver reports only on improvements; the heartbeat makes `elapsed_s` move in the
    store and in the event stream between them. A refused write means the run was
    cancelled or failed by someone else: the worker has nothing left to do and exits.
    """

    def __init__(self, store: Store, run_id: str, interval_s: float):
        self.store, self.run_id, self.interval_s = store, run_id, interval_s
        self.t0 = time.perf_counter()
        self.phase = "loading"
        self.fields: dict[str, Any] = {}
        self.improvements = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def update(self, progress: Progress) -> None:
        """The solver's progress callback (called from its thread)."""
        self.phase = "solving"
        self.fields = self.fields | {
            "objective": progress.objective,
            "bound": progress.bound,
            "gap": progress.gap,
            "controllable_gap": progress.controllable_gap,
            "solver_elapsed_s": round(progress.elapsed_s, 2),
        }
        self.improvements += 1

    def report(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "elapsed_s": round(time.perf_counter() - self.t0, 2),
            "improvements": self.improvements,
            **self.fields,
        }

    def write(self) -> None:
        try:
            self.store.set_run_status(self.run_id, RunStatus.RUNNING, progress=self.report())
        except RunStateError:
            os._exit(0)  # cancelled (or failed by a restart): stop spending CPU on it

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.write()

    def __enter__(self) -> ProgressWriter:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


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


def solve_params(params: dict[str, Any], default_limit: float) -> SolveParams:
    return SolveParams(
        time_limit_s=params.get("time_limit_s") or default_limit,
        workers=params.get("workers", 1),
        seed=params.get("seed", 0),
    )


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


def _run(store: Store, spec: JobSpec) -> None:
    db = Database(store.engine)
    progress = ProgressWriter(store, spec.run_id, spec.progress_interval_s)
    progress.write()
    programme = load_stored(store, db, spec.programme_id, Path(spec.data_dir))
    programme, pins = pinned_programme(programme, workflow_seats(db, spec.programme_id))
    if spec.kind == RunKind.WHATIF.value:
        from api.jobs.whatif import run_whatif_job

        summary = run_whatif_job(programme, spec.params, progress)
        summary["workflow"] = pins
        store.save_run_result(spec.run_id, [], [], summary)
        return
    params = solve_params(spec.params, programme.settings.time_limit_s)
    progress.phase = "encoding"
    with progress:
        result = run_batch(programme, params, on_progress=progress.update)
    progress.phase = "saving"
    progress.write()  # the final objective, bound and gap stay readable beside the summary
    summary = summary_document(result, utilisation_table(programme, result.assignments))
    summary["workflow"] = pins
    store.save_run_result(spec.run_id, result.assignments, result.unfilled, summary)
