"""One run path: how a solve is recorded in the store, for the CLI and the service alike.

A run is created queued with its options (`create_run`), marked running with live
progress written at an interval (`RunRecorder`), then saved with its result and summary
in one transaction, or marked failed with the error. `peermatch solve` and the service's
job worker both call `record_batch`, so they solve with the same `SolveParams` defaults,
store the same options and leave the same history (issue: a service run used 1 worker
and planned worse than the CLI).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from matcher.batch.job import BatchResult, run_batch
from matcher.programme import Programme
from matcher.store import RunKind, RunStateError, RunStatus, Store
from solver.solve import Progress, ProgressCallback, SolveParams

OPTION_KEYS = ("time_limit_s", "workers", "seed")
"""The SolveParams a caller may choose; anything else in a run's options is a note."""


def solve_params(options: Mapping[str, Any], default_limit: float) -> SolveParams:
    """SolveParams from a run's stored options; a missing or null option takes the
    SolveParams default (workers: the cores available), the limit the programme's."""
    chosen = {k: options[k] for k in OPTION_KEYS if options.get(k) is not None}
    chosen.setdefault("time_limit_s", default_limit)
    return SolveParams(**chosen)


def run_options(params: SolveParams, **notes: Any) -> dict[str, Any]:
    """What a run records of how it was solved, the same keys from every caller."""
    return {k: getattr(params, k) for k in OPTION_KEYS} | notes


def create_run(
    store: Store, programme_id: int, options: Mapping[str, Any], kind: RunKind = RunKind.BATCH
) -> str:
    """A queued run on a stored programme (the service starts its worker afterwards)."""
    return store.create_run(programme_id, kind, dict(options))


class RunRecorder:
    """Progress of one run written to the store: the latest solver report with the
    elapsed time, every `interval_s` (so the clock moves between improvements), and
    the end of the run (saved or failed).

    A refused write means the run was cancelled or failed by someone else:
    `on_cancelled` is called (the service's worker exits; the CLI stops writing).
    """

    def __init__(
        self,
        store: Store,
        run_id: str,
        interval_s: float = 0.5,
        on_cancelled: Callable[[], None] | None = None,
    ):
        self.store, self.run_id, self.interval_s = store, run_id, interval_s
        self.on_cancelled = on_cancelled
        self.t0 = time.perf_counter()
        self.phase = "loading"
        self.fields: dict[str, Any] = {}
        self.improvements = 0
        self.cancelled = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

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

    def finish(self, result: BatchResult) -> None:
        """The answer's own objective, bound and gap as the last report: the solver may
        have reported none (a plan proven optimal at once calls no progress callback)."""
        self.phase = "saving"
        summary = result.summary
        final = {"objective": summary.get("objective"), "bound": summary.get("best_bound")}
        final |= {"gap": summary.get("gap"), "controllable_gap": summary.get("controllable_gap")}
        self.fields = self.fields | {k: v for k, v in final.items() if v is not None}

    def report(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "elapsed_s": round(time.perf_counter() - self.t0, 2),
            "improvements": self.improvements,
            **self.fields,
        }

    def write(self) -> None:
        if self.cancelled:
            return
        try:
            self.store.set_run_status(self.run_id, RunStatus.RUNNING, progress=self.report())
        except RunStateError:
            self.cancelled = True
            if self.on_cancelled is not None:
                self.on_cancelled()

    def save(self, result: BatchResult, summary: Mapping[str, Any]) -> None:
        self.store.save_run_result(self.run_id, result.assignments, result.unfilled, summary)

    def fail(self, exc: BaseException) -> None:
        """Mark the run failed with the error; never hides `exc` behind a store error."""
        if isinstance(exc, KeyboardInterrupt):
            reason = "interrupted"
        else:
            reason = f"{type(exc).__name__}: {exc}"
        try:
            self.store.set_run_status(self.run_id, RunStatus.FAILED, error=reason)
        except Exception:  # already finished or cancelled, or the store is gone
            pass

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.write()

    def __enter__(self) -> RunRecorder:
        self.write()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


Summarise = Callable[[BatchResult], dict[str, Any]]


def record_batch(
    recorder: RunRecorder | None,
    programme: Programme,
    params: SolveParams,
    summarise: Summarise,
    on_progress: ProgressCallback | None = None,
) -> BatchResult:
    """Solve the year and record it: progress while solving, then the result with the
    summary `summarise` makes (the CLI writes its files there), or the run failed with
    the error, which then propagates. Without a recorder nothing is stored."""
    if recorder is None:
        result = run_batch(programme, params, on_progress=on_progress)
        summarise(result)
        return result
    try:
        recorder.phase = "encoding"
        with recorder:
            result = run_batch(programme, params, on_progress=_both(recorder.update, on_progress))
        recorder.finish(result)
        recorder.write()  # the final objective, bound and gap stay beside the summary
        recorder.save(result, summarise(result))
    except BaseException as exc:
        recorder.fail(exc)
        raise
    return result


def _both(first: ProgressCallback, second: ProgressCallback | None) -> ProgressCallback:
    if second is None:
        return first

    def both(progress: Progress) -> None:
        first(progress)
        second(progress)

    return both
