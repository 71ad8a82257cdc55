"""Starting, watching and cancelling worker processes, a bounded number at once.

Beyond `max_jobs` a submission is refused at once (api answers 429 with Retry-After)
rather than queued: a queue held in this process would be lost with it, and the store
already says what is running. A watcher thread per job notices a worker that died
without finishing its run (killed by the OS, a crash in native code) and marks the run
failed, so no run is left `running` while the service is up.
"""

from __future__ import annotations

import math
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from api.jobs.worker import JobSpec, run_job
from matcher.store import RunStateError, RunStatus, Store


def worker_context() -> multiprocessing.context.BaseContext:
    """Forkserver with the worker module preloaded: never fork the threaded server itself
    (a forked child can inherit locks held by its other threads), yet start a job in
    milliseconds instead of re-importing OR-Tools and pandas for each one (~1.5 s)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["api.jobs.worker"])
    return context


STOPPED = "the service stopped before this run finished; start it again"


def _warm_forkserver() -> None:
    from multiprocessing import forkserver

    forkserver.ensure_running()


class Busy(Exception):
    """Every job slot is taken; `retry_after_s` estimates when one frees up."""

    def __init__(self, retry_after_s: int, capacity: int):
        super().__init__(f"all {capacity} job slots are busy; retry in {retry_after_s} s")
        self.retry_after_s = retry_after_s
        self.capacity = capacity


@dataclass
class _Job:
    process: multiprocessing.process.BaseProcess
    started: float
    time_limit_s: float


class JobManager:
    """The service's worker processes (one per running job)."""

    def __init__(
        self,
        store: Store,
        max_jobs: int,
        retry_cap_s: int,
        target: Callable[[JobSpec], None] = run_job,
    ):
        self.store, self.max_jobs, self.retry_cap_s = store, max_jobs, retry_cap_s
        self.target = target
        self._context = worker_context()
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()
        if self._context.get_start_method() == "forkserver":
            # Import the worker module in the fork server now, not during the first job's
            # request (about 1.5 s of OR-Tools and pandas imports).
            threading.Thread(target=_warm_forkserver, daemon=True).start()

    @property
    def running(self) -> int:
        with self._lock:
            return len(self._jobs)

    def retry_after(self) -> int:
        """Seconds until the first running job should hit its time limit (1..cap)."""
        now = time.monotonic()
        remaining = [j.started + j.time_limit_s + 5 - now for j in self._jobs.values()]
        estimate = min(remaining, default=1)
        return max(1, min(self.retry_cap_s, math.ceil(estimate)))

    def submit(self, create: Callable[[], JobSpec], time_limit_s: float) -> JobSpec:
        """Reserve a slot, create the run (via `create`) and start its worker; or Busy."""
        with self._lock:
            if len(self._jobs) >= self.max_jobs:
                raise Busy(self.retry_after(), self.max_jobs)
            spec = create()
            process = self._context.Process(
                target=self.target,
                args=(spec,),
                daemon=True,
                name=f"peermatch-job-{spec.run_id[:8]}",
            )
            process.start()
            self._jobs[spec.run_id] = _Job(process, time.monotonic(), time_limit_s)
        threading.Thread(
            target=self._watch,
            args=(spec.run_id, process),
            daemon=True,
            name=f"watch-{spec.run_id[:8]}",
        ).start()
        return spec

    def _watch(self, run_id: str, process: multiprocessing.process.BaseProcess) -> None:
        process.join()
        with self._lock:
            self._jobs.pop(run_id, None)
        self._fail_if_active(
            run_id,
            f"the worker process ended (exit code {process.exitcode}) "
            "without finishing the run; start it again",
        )

    def _fail_if_active(self, run_id: str, reason: str) -> None:
        try:
            self.store.set_run_status(run_id, RunStatus.FAILED, error=reason)
        except RunStateError:
            pass  # finished, cancelled or already failed: nothing to correct

    def kill(self, run_id: str) -> bool:
        """Stop a run's worker at once (the run must already be marked cancelled)."""
        with self._lock:
            job = self._jobs.get(run_id)
        if job is None:
            return False
        job.process.kill()
        return True

    def shutdown(self) -> None:
        """Stop every worker and mark its run failed (the service is going away)."""
        with self._lock:
            jobs = dict(self._jobs)
        for run_id, job in jobs.items():
            self._fail_if_active(run_id, STOPPED)
            job.process.kill()
        for job in jobs.values():
            job.process.join(timeout=5)
