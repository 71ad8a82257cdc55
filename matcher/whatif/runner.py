"""Running scenarios: one batch solve each, same time limit and seed, in parallel.

Engines:
- `serial`: one after another in this process (the benchmark's baseline; tests);
- `pool` (default): a local process pool with the *spawn* start method (no forked
  OR-Tools or thread state), each process running CP-SAT with one worker, so N processes
  use N cores with no oversubscription;
- `dask`: an existing Dask cluster given its scheduler address, or `local` for a
  LocalCluster (matcher.whatif.distributed).

A task carries the derived programme itself (about 1.6 MB pickled at size M), so workers
need no access to the scenario file or the programme folder: only peermatch installed.
The work done per task (batch, validation, figures, gap analysis) is `run_task`, the
same function on every engine.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from matcher.batch.job import BatchResult, run_batch
from matcher.programme import Programme
from matcher.whatif import metrics
from matcher.whatif.recruitment import GapAnalysis, analyse_gaps
from matcher.whatif.scenario_models import RecruitmentCost
from solver.solve import Progress, SolveParams

PROGRESS_EVERY_S = 1.0


@dataclass(frozen=True)
class ScenarioTask:
    name: str
    programme: Programme
    params: SolveParams
    description: str = ""
    notes: tuple[str, ...] = ()
    analysis: bool = True
    analysis_params: SolveParams = SolveParams(time_limit_s=30, workers=1)
    costs: RecruitmentCost = RecruitmentCost()
    verify: bool = False


@dataclass
class ScenarioRun:
    """One scenario's answer, figures and gap analysis (picklable, engine-independent)."""

    name: str
    description: str
    notes: tuple[str, ...]
    result: BatchResult | None
    headline: dict = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    analysis: GapAnalysis | None = None
    wall_s: float = 0.0
    error: str | None = None


class Events:
    """Where a task reports 'started' and solver progress (a queue, or a callable)."""

    def __init__(self, sink: Any = None):
        self.sink = sink
        self.last = 0.0

    def send(self, *event: Any) -> None:
        if self.sink is None:
            return
        put = getattr(self.sink, "put", None) or self.sink
        put(event)

    def progress(self, name: str) -> Callable[[Progress], None]:
        def report(p: Progress) -> None:
            now = time.perf_counter()
            if now - self.last >= PROGRESS_EVERY_S:
                self.last = now
                self.send("progress", name, p.objective, p.gap)

        return report


def run_task(task: ScenarioTask, sink: Any = None) -> ScenarioRun:
    """Solve one scenario and compute its figures; an error is returned, not raised, so
    one broken scenario never loses the others' results."""
    events = Events(sink)
    events.send("start", task.name)
    started = time.perf_counter()
    run = ScenarioRun(task.name, task.description, task.notes, None)
    try:
        result = run_batch(task.programme, task.params, on_progress=events.progress(task.name))
        run.result = replace(result, report=None)  # the validator's report stays here
        figures(task, run)
    except Exception as exc:  # reported per scenario; the traceback says where
        run.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}"
    run.wall_s = time.perf_counter() - started
    return run


def figures(task: ScenarioTask, run: ScenarioRun) -> None:
    """Headline, tables and (when seats are left unfilled) the gap analysis."""
    prog, result = task.programme, run.result
    util = metrics.utilisation(prog, result)
    run.headline = metrics.headline(prog, result, util)
    run.headline.update(recruits_needed=None, cap_exceptions=None, exception_days=None)
    if run.headline["filled"] is None:  # no plan (timeout, infeasible): nothing to count
        return
    seats = metrics.seat_rows(prog, result)
    run.tables = {
        "unfilled_by": metrics.unfilled_by(seats),
        "utilisation": metrics.utilisation_bins(util),
        "group_offices": metrics.group_offices(result),
        "bottlenecks": metrics.bottlenecks(prog, seats, util),
    }
    if task.analysis and result.unfilled:
        verify = task.params if task.verify else None
        run.analysis = analyse_gaps(prog, result, task.costs, task.analysis_params, verify)
    if task.analysis:
        run.headline.update(recruits_needed=0, cap_exceptions=0, exception_days=0)
    if run.analysis is not None:
        run.headline["recruits_needed"] = run.analysis.recruit_count
        run.headline["cap_exceptions"] = len(run.analysis.exceptions)
        run.headline["exception_days"] = sum(e.extra_days for e in run.analysis.exceptions)


Listener = Callable[[tuple], None]
"""Receives ('start', name), ('progress', name, objective, gap), ('done', name, run)."""


def run_serial(
    tasks: Iterable[ScenarioTask], listener: Listener | None = None
) -> list[ScenarioRun]:
    out = []
    for task in tasks:
        run = run_task(task, listener)
        out.append(run)
        if listener:
            listener(("done", task.name, run))
    return out


def run_pool(
    tasks: list[ScenarioTask], processes: int, listener: Listener | None = None
) -> list[ScenarioRun]:
    """The local process pool (spawn); results in task order."""
    context = multiprocessing.get_context("spawn")
    manager = context.Manager() if listener else None
    queue = manager.Queue() if manager else None
    pump = _pump(queue, listener) if queue else None
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
            futures = {pool.submit(run_task, task, queue): i for i, task in enumerate(tasks)}
            done: dict[int, ScenarioRun] = {}
            for future in as_completed(futures):
                run = future.result()
                done[futures[future]] = run
                if listener:
                    listener(("done", run.name, run))
    finally:
        if queue is not None:
            queue.put(None)
            pump.join()
            manager.shutdown()
    return [done[i] for i in range(len(tasks))]


def _pump(queue: Any, listener: Listener) -> threading.Thread:
    """Forward worker events to the listener until a None arrives."""

    def loop() -> None:
        while (event := queue.get()) is not None:
            listener(event)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread
