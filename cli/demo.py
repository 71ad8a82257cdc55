"""`peermatch demo`: the README's one-command tour on a fresh clone.

Generates a sample programme over the real councils, writes it as a programme folder,
solves that folder exactly as `peermatch solve` would (loading it back from disk, so the
demo also proves the files round-trip), then shows the summary, the first teams and the
unfilled seats with their reasons.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cli.common import DataDirOption, ForceOption, app_settings, console, err_console, guard_out
from cli.generate import Size
from cli.solve import SolveOutcome, load_or_exit, print_summary, run_job
from matcher.batch.outputs import WORKBOOK_NAME, teams_table
from matcher.councils import CouncilRegistry
from matcher.generate import SIZES, generate_programme, write_programme
from matcher.programme import Programme
from matcher.settings import AppSettings
from solver.solve import SolveParams

SHOW_TEAMS = 3
"""Challenges whose teams the demo prints (the workbook has them all)."""
SHOW_UNFILLED = 10


DEMO_MARKER = ".peermatch-demo"
"""Marks a folder written by `peermatch demo`, which a later demo may replace."""


def teams_preview(
    outcome: SolveOutcome, programme: Programme, challenges: int = SHOW_TEAMS
) -> Table:
    """The first few challenges' seats, one row per seat, as in the workbook's teams sheet."""
    teams = teams_table(programme, outcome.result.assignments, outcome.result.unfilled)
    first = list(dict.fromkeys(teams["challenge_id"]))[:challenges]
    table = Table(title=f"first {len(first)} teams (all in {outcome.out / WORKBOOK_NAME})")
    for column in ("challenge", "council", "start", "seat", "peer", "points"):
        table.add_column(column, justify="right" if column == "points" else "left")
    for row in teams[teams["challenge_id"].isin(first)].itertuples(index=False):
        filled = row.status == "filled"
        peer = escape(f"{row.peer_id} {row.peer_name}") if filled else "[red]unfilled[/red]"
        start = str(row.start_date) if row.start_date else ""
        points = "" if row.points is None else f"{row.points:,}"
        table.add_row(
            row.challenge_id,
            escape(f"{row.council_name} ({row.type})"),
            start,
            row.seat_id,
            peer,
            points,
        )
    return table


def unfilled_preview(outcome: SolveOutcome, limit: int = SHOW_UNFILLED) -> Table | str:
    """Unfilled seats with the blocking rules and the manager-readable message."""
    unfilled = outcome.result.unfilled
    if not unfilled:
        return "Every seat is filled."
    table = Table(
        title=f"{len(unfilled)} unfilled seats"
        + (f" (first {limit}; all in unfilled.csv)" if len(unfilled) > limit else "")
    )
    for column in ("challenge", "seat", "blocking", "message"):
        table.add_column(column, overflow="fold")
    for seat in unfilled[:limit]:
        table.add_row(seat.challenge_id, seat.seat_id, seat.blocking, escape(seat.message))
    return table


def _generate(size: Size, seed: int, folder: Path, settings: AppSettings) -> None:
    """Write the sample programme folder; missing reference data is the likely failure
    on a fresh clone, so say where peermatch looked and how to point it elsewhere."""
    try:
        councils = CouncilRegistry.from_data_dir(settings.data_dir)
    except (OSError, KeyError, ValueError) as exc:
        err_console.print(
            f"[red]cannot read councils from {settings.data_dir}: {exc}[/red]\n"
            "Pass --data-dir or set PEERMATCH_DATA_DIR."
        )
        raise typer.Exit(1) from exc
    write_programme(generate_programme(size.value, seed, councils), folder)
    n_challenges, n_peers = SIZES[size.value]
    console.print(
        f"[bold]1/2[/bold] generated {n_challenges:,} challenges and {n_peers:,} "
        f"synthetic peers (size {size.value}, seed {seed}) into {folder}"
    )


def demo(
    size: Annotated[
        Size,
        typer.Option(
            "--size", case_sensitive=False, help="Sample size (see `peermatch generate`)."
        ),
    ] = Size.S,
    seed: Annotated[int, typer.Option("--seed", help="Generator and solver seed.")] = 1,
    out: Annotated[
        Path, typer.Option("--out", help="Demo folder: programme/ and results/.")
    ] = Path("peermatch-demo"),
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Solver time limit in seconds.")
    ] = 20.0,
    data_dir: DataDirOption = None,
    force: ForceOption = False,
) -> None:
    """Generate a sample programme, solve it, and show the teams (one command)."""
    started = time.perf_counter()
    if (out / DEMO_MARKER).is_file():
        # The quick start may be run twice: a folder this command wrote is its own to replace;
        # any other non-empty folder is still refused without --force.
        console.print(f"replacing the earlier demo in {out}", markup=False, highlight=False)
        force = True
    guard_out(out, force)
    out.mkdir(parents=True, exist_ok=True)
    (out / DEMO_MARKER).write_text("written by `peermatch demo`; a later demo replaces it\n")
    settings = app_settings(data_dir)
    folder = out / "programme"
    _generate(size, seed, folder, settings)
    programme = load_or_exit(folder, settings)
    console.print(f"[bold]2/2[/bold] solving with a {time_limit:g} s time limit")
    params = SolveParams(time_limit_s=time_limit, seed=seed)
    outcome = run_job(
        programme,
        params,
        out / "results",
        settings,
        store=True,
        name=f"demo size {size.value} seed {seed}",
    )
    print_summary(outcome)
    if outcome.exit_code == 0:
        console.print(teams_preview(outcome, programme))
        console.print(unfilled_preview(outcome))
    console.print(
        f"demo finished in {time.perf_counter() - started:.1f} s; "
        f"`peermatch solve {folder} --out DIR` re-runs the solve"
    )
    raise typer.Exit(outcome.exit_code)


def register(app: typer.Typer) -> None:
    """Add `demo` to the peermatch app (called by cli.main)."""
    app.command("demo")(demo)
