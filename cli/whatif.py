"""`peermatch whatif SCENARIOS --out OUT` and `peermatch report DIR [--run ID] --out OUT`.

whatif: solve every scenario of a scenario file (docs/whatif.md) with a progress bar and
write the side-by-side report. report: the usage report (annual-report view) of a
programme folder for a stored run, an assignments file, or its own placements.
Exit codes: 0 done, 1 bad input (every problem listed), 2 some scenario failed.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.check import error_table
from cli.common import (
    DataDirOption,
    ForceOption,
    app_settings,
    console,
    exit_mismatch,
    guard_out,
    require_path,
)
from cli.solve import load_or_exit, open_store
from matcher.io import InvalidInstanceError, read_assignments
from matcher.io.plan_check import plan_mismatch
from matcher.models import Assignment
from matcher.programme import Programme
from matcher.store import NotFoundError
from matcher.whatif import (
    ScenarioError,
    ScenarioFile,
    base_programme,
    load_scenarios,
    run_whatif,
)
from matcher.whatif.usage import usage_report
from matcher.whatif.usage_files import placements_as_assignments, write_usage


class Engine(StrEnum):
    POOL = "pool"
    SERIAL = "serial"
    DASK = "dask"


class ScenarioProgress:
    """A rich progress display: one line per scenario plus an overall bar."""

    def __init__(self, names: list[str]):
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[state]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self.overall = self.progress.add_task("[bold]all scenarios", total=len(names), state="")
        self.rows = {n: self.progress.add_task(escape(n), total=1, state="queued") for n in names}

    def __call__(self, event: tuple) -> None:
        kind, name = event[0], event[1]
        row = self.rows.get(name)
        if row is None:
            return
        if kind == "start":
            self.progress.update(row, state="solving")
        elif kind == "progress":
            self.progress.update(row, state=f"objective {event[2]:,}  gap {event[3]:.1%}")
        elif kind == "done":
            run = event[2]
            state = (
                "failed"
                if run.error
                else (f"{run.headline.get('status')}, {run.headline.get('filled_pct')}% filled")
            )
            self.progress.update(row, completed=1, state=state)
            self.progress.advance(self.overall)


def _num(value, fmt: str = ",.0f") -> str:
    """A number for the terminal table; '-' where there is none (no plan, no analysis)."""
    return "-" if value is None or value != value else format(float(value), fmt)


def _side_by_side(report) -> Table:
    table = Table(title="What-if: side by side (base first)")
    for column in ("scenario", "status", "filled %", "unfilled", "cost £", "recruits"):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for _, r in report.tables["comparison"].iterrows():
        table.add_row(
            escape(str(r["scenario"])),
            str(r["status"]),
            _num(r["filled_pct"], ".1f"),
            _num(r["unfilled"]),
            _num(r["cost_estimate_gbp"]),
            _num(r["recruits_needed"]),
        )
    return table


def _problems_exit(exc: ScenarioError) -> typer.Exit:
    for problem in exc.problems:
        console.print(escape(problem), style="red")
    return typer.Exit(1)


def _spec_or_exit(path: Path, overrides: dict) -> ScenarioFile:
    """The scenario file with the command line's run options over its [run] table."""
    try:
        spec = load_scenarios(path)
    except ScenarioError as exc:
        raise _problems_exit(exc) from None
    update = {k: v for k, v in overrides.items() if v is not None}
    return spec.model_copy(update={"run": spec.run.model_copy(update=update)})


def whatif(
    scenarios: Annotated[
        Path, typer.Argument(metavar="SCENARIOS", help="Scenario file (TOML, docs/whatif.md).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Report folder to write (created).")],
    engine: Annotated[
        Engine | None,
        typer.Option("--engine", help="pool (default), serial, or dask (with --cluster)."),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", help="Dask scheduler address (tcp://host:8786) or 'local'."),
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option(
            "--processes", min=1, help="Local processes (default: the file's run.processes)."
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit", min=0.1, help="Seconds per scenario (default: run.time_limit_s)."
        ),
    ] = None,
    data_dir: DataDirOption = None,
    force: ForceOption = False,
) -> None:
    """Solve every scenario of SCENARIOS and write the side-by-side report to OUT."""
    guard_out(out, force)
    settings = app_settings(data_dir)
    require_path(scenarios, "scenario file")
    spec = _spec_or_exit(
        scenarios, {"cluster": cluster, "processes": processes, "time_limit_s": time_limit}
    )
    try:
        base = base_programme(spec.base, settings.data_dir, scenarios.resolve().parent)
    except InvalidInstanceError as exc:
        console.print(error_table(exc.errors, f"{len(exc.errors)} errors in the base programme"))
        raise typer.Exit(1) from None
    chosen = engine.value if engine else ("dask" if cluster else None)
    names = ["base", *(s.name for s in spec.scenario)]
    listener = ScenarioProgress(names)
    try:
        with listener.progress:
            report = run_whatif(
                spec, base, out, source=str(scenarios), engine=chosen, listener=listener
            )
    except ScenarioError as exc:
        raise _problems_exit(exc) from None
    console.print(_side_by_side(report))
    for run in report.runs:
        if run.analysis is not None:
            console.print(f"[bold]{escape(run.name)}[/bold]: {escape(run.analysis.sentence())}")
    console.print(
        f"report in {escape(str(out))}/ (summary.md, whatif.xlsx, charts/) "
        f"in {report.wall_s:.1f} s on the {report.engine} engine"
    )
    failed = [r.name for r in report.runs if r.error]
    if failed:
        console.print(f"[red]failed: {escape(', '.join(failed))} (see summary.md)[/red]")
        raise typer.Exit(2)


def _plan(
    programme: Programme, run_id: str | None, assignments: Path | None, settings
) -> tuple[list[Assignment], str]:
    """The plan to report on, and where it came from (run, file, or placements)."""
    if run_id:
        store = open_store(settings)
        try:
            return store.run_assignments(run_id), f"run {run_id}"
        except NotFoundError:
            exit_mismatch(f"no run {run_id} in the store {settings.database_url}")
        finally:
            store.close()
    require_path(assignments, "assignments file")
    if assignments:
        try:
            return read_assignments(assignments), str(assignments)
        except InvalidInstanceError as exc:
            console.print(error_table(exc.errors, f"{len(exc.errors)} errors in {assignments}"))
            raise typer.Exit(1) from None
    return placements_as_assignments(programme), "the programme's placements"


def report(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Programme folder or .xlsx workbook.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Report folder to write (created).")],
    run: Annotated[str | None, typer.Option("--run", help="A stored run's id.")] = None,
    assignments: Annotated[
        Path | None, typer.Option("--assignments", help="An assignments.csv to report on instead.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Last day of the 12 months (YYYY-MM-DD; default: year end)."),
    ] = None,
    data_dir: DataDirOption = None,
    force: ForceOption = False,
) -> None:
    """Usage report: days and placements by group office and (aggregated) characteristic."""
    guard_out(out, force)
    settings = app_settings(data_dir)
    programme = load_or_exit(directory, settings)
    plan, source = _plan(programme, run, assignments, settings)
    mismatch = plan_mismatch(programme, plan, source)
    if mismatch:
        exit_mismatch(mismatch)
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        console.print(f"[red]--as-of must be YYYY-MM-DD, got {escape(as_of)}[/red]")
        raise typer.Exit(1) from None
    result = usage_report(programme, plan, day)
    files = write_usage(result, out, source)
    t = result.totals
    console.print(
        f"{t['peers_used']:,} of {t['peers']:,} peers placed ({t['placements']:,} "
        f"placements, {t['days']:,} days); {t['unused_12_months']:,} unused for 12 "
        f"months. Files: {escape(', '.join(p.name for p in files.values()))} "
        f"in {escape(str(out))}/"
    )


def register(app: typer.Typer) -> None:
    """Add `whatif` and `report` to the peermatch app (called by cli.main)."""
    app.command("whatif")(whatif)
    app.command("report")(report)
