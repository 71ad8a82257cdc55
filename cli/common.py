"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
