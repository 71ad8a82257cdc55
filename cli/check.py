"""`peermatch check DIR`: is this programme folder loadable, and what is in it?

With errors it prints every problem at once (file, row, column, value, message) so a
manager can fix the spreadsheet in one pass; clean, it prints a one-screen summary. With
`--assignments` it also runs the independent validator over an answer file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.columns import Columns
from rich.table import Table
from rich.text import Text

from cli.common import (
    DataDirOption,
    app_settings,
    console,
    exit_mismatch,
    require_path,
    require_programme,
)
from matcher.io import InvalidInstanceError, LoadError, load_programme, read_assignments
from matcher.io.errors import FORMAT_DOC
from matcher.io.plan_check import plan_mismatch
from matcher.models import PeerKind
from matcher.programme import Programme

DirectoryArgument = Annotated[
    Path, typer.Argument(metavar="DIR", help="Programme folder or .xlsx workbook.")
]
AssignmentsOption = Annotated[
    Path | None,
    typer.Option("--assignments", help="An assignments CSV to check against H1-H8."),
]


def error_table(errors: Iterable[LoadError], title: str) -> Text:
    """Every load error as one line (file, row, column, value: message), in report order.

    Plain lines rather than a table: a message is never folded at the terminal width, so
    it reads (and greps) the same in a narrow terminal, a wide one, or a log file.
    """
    lines = [title, *(f"  {error}" for error in errors)]
    return Text("\n".join(lines))


def _counts(title: str, key: str, counts: Iterable[tuple[str, int | str]]) -> Table:
    table = Table(title=title)
    table.add_column(key)
    table.add_column("count", justify="right")
    for key, count in counts:
        table.add_row(key, str(count))
    return table


def _peer_counts(programme: Programme) -> list[tuple[str, int]]:
    """Peers by kind, and member peers by group office (S4 keeps these shares in balance)."""
    kinds = Counter(p.kind for p in programme.peers)
    offices = Counter(p.group_office.value for p in programme.peers if p.group_office)
    rows = [(f"{kind.value}", kinds[kind]) for kind in PeerKind]
    rows += [(f"  member: {office}", n) for office, n in sorted(offices.items())]
    return rows


def summary(programme: Programme) -> Columns:
    """The one-screen summary of a valid programme."""
    seats = programme.all_seats
    year = programme.financial_year
    placements = Counter(p.status.value for p in programme.placements)
    overview = [
        ("financial year", f"{year}/{(year + 1) % 100:02d}"),
        ("seats", len(seats)),
        ("  explicit rows", len(programme.seats)),
        ("  shadow", sum(s.shadow for s in seats)),
        ("placements", len(programme.placements)),
        *((f"  {status}", n) for status, n in sorted(placements.items())),
        ("unavailability rows", len(programme.unavailability)),
        ("conflict rows", len(programme.conflicts)),
    ]
    types = Counter(c.type.value for c in programme.challenges)
    months = Counter(c.earliest_start.strftime("%Y-%m") for c in programme.challenges)
    return Columns(
        [
            _counts("programme", "item", overview),
            _counts("peers", "kind / group office", _peer_counts(programme)),
            _counts("challenges by type", "type", sorted(types.items())),
            _counts("challenges by month", "earliest start", sorted(months.items())),
        ]
    )


def _validate(programme: Programme, plan: list, name: str) -> bool:
    """Run the independent validator; True when no hard rule is broken."""
    from matcher.validation import validate  # the validator is only needed for --assignments

    report = validate(programme, plan)
    # Every violation the validator reports is of a hard rule (or S2 made hard).
    if report.violations:
        table = Table(title=f"{len(report.violations)} violations in {name}")
        for column in ("rule", "challenge", "seat", "peer", "message"):
            table.add_column(column, overflow="fold")
        for v in report.violations:
            table.add_row(v.rule, v.challenge_id, v.seat_id or "", v.peer_id or "", v.message)
        console.print(table)
    else:
        console.print(f"{name}: no hard rule broken (H1-H8)")
    score = getattr(report, "score", None)
    if score is not None:
        points = ", ".join(f"{code} {n}" for code, n in sorted(score.points.items()))
        console.print(f"soft points: {points or 'none'} (total {score.total})")
    return not report.violations


def check(
    directory: DirectoryArgument,
    data_dir: DataDirOption = None,
    assignments: AssignmentsOption = None,
) -> None:
    """Check a programme folder (docs/format.md): list every error, or summarise it."""
    settings = app_settings(data_dir)
    require_programme(directory)
    require_path(assignments, "assignments file")
    warnings: list[LoadError] = []
    try:
        programme = load_programme(directory, settings.data_dir, warnings)
        plan = read_assignments(assignments) if assignments else None
    except InvalidInstanceError as exc:
        console.print(error_table(exc.errors, f"{len(exc.errors)} errors in {exc.source}"))
        console.print(f"The format of every file and column: {FORMAT_DOC}")
        raise typer.Exit(1) from None
    mismatch = plan_mismatch(programme, plan or [], str(assignments))
    if mismatch:
        exit_mismatch(mismatch)
    if warnings:
        console.print(error_table(warnings, f"{len(warnings)} warnings in {directory}"))
    console.print(f"[bold]{directory}[/bold]: valid programme")
    console.print(summary(programme))
    if plan is not None and not _validate(programme, plan, assignments.name):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
