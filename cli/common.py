"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from matcher.settings import AppSettings

# soft_wrap: a printed line is never broken at the terminal width (a path, a message or a
# sentence stays one line whatever COLUMNS is); only tables are laid out to the width.
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder with councils_england.csv (councils_wales.csv optional) and "
        "council_neighbours.csv (default: PEERMATCH_DATA_DIR, else the data shipped with "
        "peermatch).",
    ),
]


def app_settings(data_dir: Path | None = None) -> AppSettings:
    """AppSettings from the environment, with a CLI --data-dir taking precedence."""
    settings = AppSettings()
    return settings.model_copy(update={"data_dir": data_dir}) if data_dir else settings


MISMATCH_EXIT = 2
"""Exit status when a run, plan or folder does not match (another programme, missing file,
empty store): the command says so in one line instead of failing half-way."""


def exit_mismatch(message: str) -> NoReturn:
    """Print `message` as one plain line and exit with MISMATCH_EXIT."""
    console.print(message, markup=False, highlight=False)
    raise typer.Exit(MISMATCH_EXIT)


def require_path(path: Path | None, what: str) -> None:
    """Exit (MISMATCH_EXIT) with one line when a path given on the command line is missing."""
    if path is not None and not path.exists():
        exit_mismatch(f"no such {what}: {path}")


def require_programme(path: Path) -> None:
    """Exit (MISMATCH_EXIT) with one line unless `path` can be a programme folder or workbook:
    a missing path, or one CSV file of a folder ("give the folder")."""
    require_path(path, "programme folder or workbook")
    if path.is_file() and path.suffix.lower() == ".csv":
        exit_mismatch(
            f"{path} is one CSV file: give the folder that holds the programme's CSV files "
            f"({path.parent}), or an .xlsx workbook"
        )


ForceOption = Annotated[
    bool, typer.Option("--force", help="Write into --out even if it already holds files.")
]


def guard_out(out: Path | None, force: bool) -> None:
    """Refuse (exit MISMATCH_EXIT, one line) to write into a non-empty folder without --force:
    an earlier run's files must never be overwritten by surprise."""
    if out is None or force or not out.exists():
        return
    if out.is_file():
        exit_mismatch(f"--out {out} is a file, not a folder")
    if any(out.iterdir()):
        exit_mismatch(
            f"--out {out} is not empty: choose a new folder, or pass --force to overwrite"
        )
