"""`peermatch shortlist | why | replace`: one challenge's options, explanations, re-planning.

All three read a programme folder plus, optionally, the rest of the year as an
assignments file (e.g. a batch run's assignments.csv); the programme's placements count
too. `shortlist --out OUT` writes `options.csv` (docs/format.md assignments columns plus
`option`), `alternates.csv`, `diagnosis.json` when no team exists, and `shortlist.xlsx`.
Exit codes: 0 answered, 1 bad input, 2 no team exists (the diagnosis is printed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from cli.check import DirectoryArgument, error_table
from cli.common import (
    DataDirOption,
    ForceOption,
    app_settings,
    console,
    exit_mismatch,
    guard_out,
    require_path,
    require_programme,
)
from matcher.batch.reason_words import reason_sentence
from matcher.batch.workbook import write_people_workbook
from matcher.io import InvalidInstanceError, assignments_table, load_programme, read_assignments
from matcher.io.plan_check import plan_mismatch
from matcher.io.writing import write_tables
from matcher.shortlist import ShortlistIndex, shortlist
from matcher.shortlist.compare import option_headlines
from matcher.shortlist.shortlist import ShortlistResult, TeamOption

NO_TEAM_EXIT = 2
ChallengeOption = Annotated[str, typer.Option("--challenge", help="Challenge id.")]
PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--assignments", help="The rest of the year: an assignments CSV (e.g. a batch run's)."
    ),
]


def load_index(directory: Path, data_dir: Path | None, plan: Path | None) -> ShortlistIndex:
    """Programme + plan as a ShortlistIndex; load errors listed and exit 1; a missing path
    or a plan of another programme in one line and exit 2."""
    settings = app_settings(data_dir)
    require_programme(directory)
    require_path(plan, "assignments file")
    try:
        programme = load_programme(directory, settings.data_dir)
        rows = read_assignments(plan) if plan else []
    except InvalidInstanceError as exc:
        console.print(error_table(exc.errors, f"{len(exc.errors)} errors"))
        raise typer.Exit(1) from None
    mismatch = plan_mismatch(programme, rows, str(plan))
    if mismatch:
        exit_mismatch(mismatch)
    return ShortlistIndex(programme, rows)


def option_table(option: TeamOption, programme, headline: str = "") -> Table:
    """One option: its start and how it compares with the best option (never a raw score,
    which can be negative), then each seat's peer with the reasons."""
    table = Table(title=f"Option {option.option}: starts {option.start}; {headline}")
    for column in ("seat", "peer", "why this peer (rules, points)"):
        table.add_column(column, overflow="fold")
    for a, e in zip(option.assignments, option.explanations, strict=True):
        table.add_row(
            a.seat_id,
            f"{a.peer_id}\n{programme.peer_by_id[a.peer_id].name}",
            "\n".join(e.sentences),
        )
    return table


def headlines(options: list[TeamOption]) -> dict[int, str]:
    """Each option against the best one, in points and pounds."""
    return option_headlines(
        [(o.option, o.score, sum(e.expense_gbp for e in o.explanations)) for o in options]
    )


def alternates_table(option: TeamOption) -> Table:
    table = Table(title=f"Alternates, option {option.option}")
    for column in ("seat", "rank", "peer", "name", "difference", "why lower"):
        table.add_column(column, overflow="fold")
    for seat_id, alts in option.alternates.items():
        for rank, alt in enumerate(alts, 1):
            table.add_row(
                seat_id,
                str(rank),
                alt.peer_id,
                alt.name,
                f"{alt.score_difference:+,d}",
                "; ".join(alt.reasons),
            )
    return table


def result_tables(result: ShortlistResult) -> dict[str, pd.DataFrame]:
    """`options` (docs/format.md assignments columns + option) and `alternates`."""
    frames = []
    for option in result.options:
        frame = assignments_table(option.assignments)
        frame.insert(0, "option", option.option)
        frames.append(frame)
    options = pd.concat(frames) if frames else assignments_table([]).assign(option=None)
    rows = [
        {
            "option": o.option,
            "seat_id": seat,
            "rank": rank,
            "peer_id": a.peer_id,
            "score_difference": a.score_difference,
            "reasons": "; ".join(a.reasons),
        }
        for o in result.options
        for seat, alts in o.alternates.items()
        for rank, a in enumerate(alts, 1)
    ]
    columns = ["option", "seat_id", "rank", "peer_id", "score_difference", "reasons"]
    return {"options": options, "alternates": pd.DataFrame(rows, columns=columns)}


def write_shortlist_book(out: Path, programme, challenge: str, result, tables, lines) -> None:
    """shortlist.xlsx for people: About, then the options and alternates with names."""
    names = {p.peer_id: p.name for p in programme.peers}
    options = tables["options"].copy()
    options.insert(options.columns.get_loc("peer_id") + 1, "name", options["peer_id"].map(names))
    words = [reason_sentence(r) for r in options["reasons"]]
    options["reasons"] = [w[0] for w in words]
    options.insert(options.columns.get_loc("reasons") + 1, "rules", [w[1] for w in words])
    alternates = tables["alternates"].copy()
    alternates.insert(
        alternates.columns.get_loc("peer_id") + 1, "name", alternates["peer_id"].map(names)
    )
    council = programme.councils[programme.challenge_by_id[challenge].council]
    about = [
        (
            "What this is",
            f"Team options for {challenge} at {council.name}, each checked "
            "against the rest of the year and the hard rules H1-H8.",
        ),
        *((f"Option {n}", line) for n, line in sorted(lines.items())),
        (
            "How to read it",
            "Options: one row per seat and option, with why the peer "
            "qualifies and the rule codes. Alternates: ranked stand-ins per seat; "
            "score_difference = points more than the option's own peer.",
        ),
    ]
    if not result.options:
        about.append(("No team", "No valid team exists: diagnosis.json says why."))
    write_people_workbook(
        out / "shortlist.xlsx", about, {"Options": options, "Alternates": alternates}
    )


def print_diagnosis(diagnosis) -> None:
    console.print("[bold red]No valid team exists.[/bold red]")
    for sentence in diagnosis.sentences():
        console.print(f"- {sentence}", markup=False, highlight=False)


def shortlist_cmd(
    directory: DirectoryArgument,
    challenge: ChallengeOption,
    k: Annotated[int, typer.Option("-k", min=1, help="Teams to propose.")] = 3,
    d: Annotated[int, typer.Option("-d", min=1, help="Seats every two teams differ in.")] = 2,
    m: Annotated[int, typer.Option("-m", min=0, help="Alternates per seat.")] = 5,
    assignments: PlanOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the tables here.")] = None,
    data_dir: DataDirOption = None,
    force: ForceOption = False,
) -> None:
    """Propose k distinct teams for one challenge, with reasons and alternates."""
    guard_out(out, force)
    index = load_index(directory, data_dir, assignments)
    _known(index, challenge)
    result = shortlist(index, challenge, k=k, d=d, m=m)
    lines = headlines(result.options)
    for option in result.options:
        console.print(option_table(option, index.programme, lines[option.option]))
        console.print(alternates_table(option))
    if out:
        docs = {"diagnosis": result.infeasibility.to_dict()} if result.infeasibility else None
        tables = result_tables(result)
        write_tables(tables, out, json_docs=docs)
        write_shortlist_book(out, index.programme, challenge, result, tables, lines)
        console.print(f"written to {out}")
    if not result.ok:
        print_diagnosis(result.infeasibility)
        raise typer.Exit(NO_TEAM_EXIT)


def _known(index: ShortlistIndex, challenge: str) -> None:
    if challenge not in index.programme.challenge_by_id:
        console.print(f"unknown challenge {challenge!r}")
        raise typer.Exit(1)


def why_cmd(
    directory: DirectoryArgument,
    challenge: ChallengeOption,
    seat: Annotated[str, typer.Option("--seat", help="Seat id.")],
    peer: Annotated[str, typer.Option("--peer", help="Peer id.")],
    assignments: PlanOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Why (not) this peer in this seat: the excluding rules, or what it would cost."""
    from matcher.shortlist.whynot import why_not

    index = load_index(directory, data_dir, assignments)
    _known(index, challenge)
    if peer not in index.peer_index or (challenge, seat) not in index.programme.seat_by_key:
        console.print(f"unknown peer {peer!r} or seat {seat!r}")
        raise typer.Exit(1)
    answer = why_not(index, challenge, seat, peer)
    verdict = "eligible" if answer.eligible else "not eligible at any allowed start"
    console.print(f"[bold]{peer} in {challenge}/{seat}: {verdict}[/bold]")
    for sentence in answer.sentences():
        console.print(f"- {sentence}", markup=False, highlight=False)


def replace_cmd(
    directory: DirectoryArgument,
    challenge: ChallengeOption,
    peer: Annotated[str, typer.Option("--peer", help="The peer who withdrew.")],
    assignments: PlanOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """A peer withdrew: the best replacement, and the least disruptive re-shuffle."""
    from matcher.shortlist.replace import replace

    index = load_index(directory, data_dir, assignments)
    _known(index, challenge)
    try:
        result = replace(index, challenge, peer)
    except ValueError as exc:
        console.print(str(exc))
        raise typer.Exit(1) from None
    chosen = [o for o in (result.replacement, result.reshuffle) if o]
    for number, option in enumerate(chosen, 1):
        option.option = number
    lines = headlines(chosen)
    for title, option in (("replacement", result.replacement), ("re-shuffle", result.reshuffle)):
        if option:
            console.print(f"[bold]{title}[/bold]")
            console.print(option_table(option, result.programme, lines[option.option]))
    console.print(f"seats changed by the re-shuffle: {', '.join(result.changed_seats) or 'none'}")
    if result.diagnosis:
        print_diagnosis(result.diagnosis)
        raise typer.Exit(NO_TEAM_EXIT)


def register(app: typer.Typer) -> None:
    app.command("shortlist")(shortlist_cmd)
    app.command("why")(why_cmd)
    app.command("replace")(replace_cmd)
