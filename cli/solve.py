"""`peermatch solve DIR --out OUT`: schedule a whole programme (the batch job) from the shell.

Loads the folder (errors as a table, exit 1), runs matcher.batch.run_batch with live
progress, writes the result files (matcher.batch.outputs) and records the run in the embedded
store, so the API and later commands see the same history as the web service would.
Exit codes: 0 a plan was found, 1 bad input or files, 2 no plan (infeasible or timeout),
3 the plan failed the independent validator (a bug; the run is stored as failed).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.spinner import Spinner

from cli.check import error_table
from cli.common import (
    DataDirOption,
    ForceOption,
    app_settings,
    console,
    guard_out,
    require_programme,
)
from matcher.batch.job import BatchResult, InternalError
from matcher.batch.outputs import write_results
from matcher.batch.recorded import (
    RunRecorder,
    create_run,
    record_batch,
    run_options,
    solve_params,
)
from matcher.batch.summary_words import NO_BOUND_YET, summary_sentences
from matcher.io import InvalidInstanceError, load_programme
from matcher.programme import Programme
from matcher.settings import AppSettings
from matcher.store import RunStateError, Store, StoreError
from solver.solve import Progress, SolveParams, SolveStatus

NO_PLAN_EXIT = 2
"""Exit code when the solver returns no plan at all (infeasible, or timed out empty)."""
INTERNAL_ERROR_EXIT = 3
"""Exit code when the plan failed the independent validator (a bug, never an answer)."""

TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        min=0.1,
        help="Solver time limit in seconds (default: the programme's settings.time_limit_s).",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="CP-SAT worker threads (default: the cores available, up to 8)."
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="CP-SAT random seed.")]
NoStoreOption = Annotated[
    bool,
    typer.Option(
        "--no-store", help="Do not record the run in the store (PEERMATCH_HOME / PEERMATCH_DB_URL)."
    ),
]


def _gap_text(gap: float) -> str:
    # Before the LP bound kicks in the gap can be 100,000%: that number means nothing.
    return f"{gap:.2%}" if gap < 10 else ">999%"


class LiveProgress:
    """The solver's incumbent, best bound, gap and elapsed time while run_batch works.

    On a terminal a rich spinner line is redrawn 4 times a second, so the clock moves even
    between improvements. Anywhere else (CI logs, pipes) it prints plain lines: one per
    improvement at most every `min_gap_s`, and a heartbeat every `heartbeat_s` without
    one, so logs show the run is alive without filling up with redraw codes.
    """

    def __init__(
        self, out: Console, time_limit_s: float, *, heartbeat_s: float = 5.0, min_gap_s: float = 1.0
    ):
        self.out, self.time_limit_s = out, time_limit_s
        self.heartbeat_s, self.min_gap_s = heartbeat_s, min_gap_s
        self.latest: Progress | None = None
        self.improvements = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._t0 = self._last_line = time.perf_counter()
        self._live = None
        self._spinner = Spinner("dots")
        self._thread: threading.Thread | None = None

    def line(self) -> str:
        """One line in words: the best plan so far, how close it is, and one clock for the
        whole job (encoding included) beside the limit that bounds it."""
        elapsed = f"{time.perf_counter() - self._t0:.1f} s of {self.time_limit_s:g} s"
        p = self.latest
        if p is None:
            return f"solving: no plan yet, {elapsed}"
        # The solver reports only on new solutions, so the gap dates from the last one.
        if p.gap >= NO_BOUND_YET:
            closeness = "how close to the best possible is not known yet"
        else:
            closeness = f"within {_gap_text(p.gap)} of the best possible"
            if p.controllable_gap is not None and p.controllable_gap < NO_BOUND_YET:
                closeness += f" ({_gap_text(p.controllable_gap)} on the part a plan can change)"
        return (
            f"solving: best plan so far {p.objective:,} points, {closeness}, "
            f"found at {p.elapsed_s:.1f} s; {elapsed}"
        )

    def update(self, progress: Progress) -> None:
        """The Progress callback (called from the solver's thread)."""
        with self._lock:
            self.latest = progress
            self.improvements += 1
            due = time.perf_counter() - self._last_line >= self.min_gap_s
            if self._live is None and (due or self.improvements == 1):
                self._emit()

    def _emit(self) -> None:
        self._last_line = time.perf_counter()
        self.out.print(self.line(), markup=False, highlight=False, soft_wrap=True)

    def _render(self) -> Spinner:
        self._spinner.update(text=self.line())
        return self._spinner

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.heartbeat_s / 5):
            with self._lock:
                if time.perf_counter() - self._last_line >= self.heartbeat_s:
                    self._emit()

    def __enter__(self) -> LiveProgress:
        from rich.live import Live

        self._t0 = self._last_line = time.perf_counter()
        if self.out.is_terminal:
            self._live = Live(
                console=self.out, refresh_per_second=4, transient=True, get_renderable=self._render
            )
            self._live.start()
        else:
            self._thread = threading.Thread(target=self._heartbeat, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._live is not None:
            self._live.stop()
            self._live = None
        if self._thread is not None:
            self._thread.join()


@dataclass
class SolveOutcome:
    """What `solve` and `demo` report at the end."""

    result: BatchResult
    out: Path
    files: dict[str, Path]
    run_id: str | None
    wall_s: float

    @property
    def exit_code(self) -> int:
        has_plan = self.result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
        return 0 if has_plan else NO_PLAN_EXIT


def load_or_exit(directory: Path, settings: AppSettings) -> Programme:
    """The programme, or every load error as check prints them and exit code 1 (a missing
    path: one line and exit code 2)."""
    require_programme(directory)
    try:
        return load_programme(directory, settings.data_dir)
    except InvalidInstanceError as exc:
        console.print(error_table(exc.errors, f"{len(exc.errors)} errors in {directory}"))
        raise typer.Exit(1) from None


def open_store(settings: AppSettings) -> Store:
    try:
        return Store.from_settings(settings)
    except StoreError as exc:
        console.print(
            f"[red]cannot open the store {settings.database_url}: {exc}[/red]\n"
            "Set PEERMATCH_HOME or PEERMATCH_DB_URL, or pass --no-store."
        )
        raise typer.Exit(1) from None


def run_job(
    programme: Programme,
    params: SolveParams,
    out: Path,
    settings: AppSettings,
    *,
    store: bool,
    name: str,
) -> SolveOutcome:
    """solve_and_write for a command: open and close the store, and turn the failures a
    user can act on (or must report) into a message and an exit code, not a traceback."""
    opened = open_store(settings) if store else None
    try:
        return solve_and_write(programme, params, out, store=opened, name=name)
    except InternalError as exc:
        console.print(escape(f"internal error, not an answer: {exc}"), style="bold red")
        console.print("The run is marked failed. Please report it with the programme folder.")
        raise typer.Exit(INTERNAL_ERROR_EXIT) from None
    except OSError as exc:
        console.print(escape(f"cannot write the results to {out}: {exc}"), style="red")
        raise typer.Exit(1) from None
    except RunStateError as exc:  # the stored run was cancelled or failed meanwhile
        console.print(escape(f"the run was not saved: {exc}"), style="red")
        raise typer.Exit(NO_PLAN_EXIT) from None
    finally:
        if opened is not None:
            opened.close()


def solve_and_write(
    programme: Programme, params: SolveParams, out: Path, *, store: Store | None, name: str
) -> SolveOutcome:
    """Run the batch job, write the result files and record the run (when `store`).

    The run is created before solving so a crash leaves a trace; recording goes through
    matcher.batch.recorded.record_batch, the service's own run path.
    """
    started = time.perf_counter()
    recorder = _start_run(store, programme, params, out, name)
    run_id = recorder.run_id if recorder is not None else None
    files: dict[str, Path] = {}

    def summarise(result: BatchResult) -> dict:
        about = {"programme": name, "run": run_id or "not stored (--no-store)"}
        files.update(write_results(programme, result, out, about))
        return _read_summary(files["summary"])

    with LiveProgress(console, params.time_limit_s) as live:
        result = record_batch(recorder, programme, params, summarise, on_progress=live.update)
    return SolveOutcome(result, out, files, run_id, time.perf_counter() - started)


def _read_summary(path: Path) -> dict:
    """The summary exactly as written, so the store and summary.json cannot differ."""
    return json.loads(path.read_text(encoding="utf-8"))


def _start_run(
    store: Store | None, programme: Programme, params: SolveParams, out: Path, name: str
) -> RunRecorder | None:
    if store is None:
        return None
    programme_id = store.save_programme(programme, name)
    run_id = create_run(store, programme_id, run_options(params, source=name, out=str(out)))
    return RunRecorder(store, run_id)


def print_summary(outcome: SolveOutcome) -> None:
    """The short summary both `solve` and `demo` end with, in words (numbers for tuning
    the solver, such as the objective and bound, stay in summary.json)."""
    s = outcome.result.summary
    for sentence in summary_sentences(_written_summary(outcome) or s):
        console.print(sentence, markup=False, highlight=False)
    names = ", ".join(p.name for p in outcome.files.values())
    console.print(
        f"Solved in {s['solve_seconds']:.1f} s ({outcome.wall_s:.1f} s in all). "
        f"Files: {outcome.out}/ ({names}).",
        markup=False,
        highlight=False,
    )
    console.print(f"run id: {outcome.run_id or 'not stored (--no-store)'}", highlight=False)
    if outcome.exit_code == NO_PLAN_EXIT:
        console.print(f"[bold red]{_no_plan_message(outcome.result.status, s)}[/bold red]")


def _written_summary(outcome: SolveOutcome) -> dict | None:
    """summary.json as written (it adds peers by kind and the paid-for challenges)."""
    path = outcome.files.get("summary")
    return _read_summary(path) if path is not None and path.is_file() else None


def _no_plan_message(status: SolveStatus, summary: dict) -> str:
    if status is SolveStatus.INFEASIBLE:
        return (
            "No plan: the hard rules cannot all be met (infeasible). Check confirmed "
            "placements and required diversity, or allow partial teams in settings."
        )
    return (
        f"No plan: the solver found no solution within {summary['solve_seconds']:.0f} s "
        "(timeout). Try a longer --time-limit."
    )


def solve(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Programme folder or .xlsx workbook.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Results folder to write (created).")],
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    seed: SeedOption = 0,
    data_dir: DataDirOption = None,
    no_store: NoStoreOption = False,
    force: ForceOption = False,
) -> None:
    """Schedule a whole programme (batch): teams, unfilled seats, summary and a workbook."""
    guard_out(out, force)
    settings = app_settings(data_dir)
    programme = load_or_exit(directory, settings)
    options = {"time_limit_s": time_limit, "workers": workers, "seed": seed}
    params = solve_params(options, programme.settings.time_limit_s)
    outcome = run_job(programme, params, out, settings, store=not no_store, name=str(directory))
    print_summary(outcome)
    raise typer.Exit(outcome.exit_code)


def register(app: typer.Typer) -> None:
    """Add `solve` to the peermatch app (called by cli.main)."""
    app.command("solve")(solve)
