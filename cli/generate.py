"""`peermatch generate`: write a sample programme folder (synthetic peers, real councils)."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli.common import DataDirOption, ForceOption, app_settings, console, err_console, guard_out
from matcher.councils import CouncilRegistry
from matcher.generate import SIZES, generate_programme, write_programme


class Size(StrEnum):
    S = "S"
    M = "M"
    L = "L"


def generate(
    out: Annotated[Path, typer.Option("--out", help="Programme folder to write (created).")],
    size: Annotated[
        Size,
        typer.Option(
            "--size",
            case_sensitive=False,
            help="S = 120 challenges / 600 peers, M = 300 / 2,000, L = 1,500 / 10,000.",
        ),
    ] = Size.S,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same files.")] = 1,
    data_dir: DataDirOption = None,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Write one programme.xlsx workbook instead of CSV files.")
    ] = False,
    force: ForceOption = False,
) -> None:
    """Generate a sample programme over the real councils (peers are synthetic)."""
    started = time.perf_counter()
    guard_out(out, force)
    settings = app_settings(data_dir)
    try:
        councils = CouncilRegistry.from_data_dir(settings.data_dir)
    except (OSError, KeyError, ValueError) as exc:
        err_console.print(f"[red]cannot read councils from {settings.data_dir}: {exc}[/red]")
        raise typer.Exit(code=2) from exc
    programme = generate_programme(size.value, seed, councils)
    written = write_programme(programme, out, xlsx=xlsx)
    elapsed = time.perf_counter() - started
    table = Table(title=f"peermatch generate --size {size.value} --seed {seed}")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for path, rows in written.items():
        table.add_row(str(path), f"{rows:,}")
    console.print(table)
    n_challenges, n_peers = SIZES[size.value]
    console.print(
        f"{n_challenges:,} challenges and {n_peers:,} peers over {len(councils)} "
        f"councils written to {out} in {elapsed:.2f} s"
    )


def register(app: typer.Typer) -> None:
    """Add `generate` to the peermatch app (called by cli.main)."""
    app.command("generate")(generate)
