"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from matcher.settings import AppSettings

console = Console()
err_console = Console(stderr=True)

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder with councils_england.csv and council_neighbours.csv "
        "(default: PEERMATCH_DATA_DIR, else ../shared/data beside the checkout).",
    ),
]


def app_settings(data_dir: Path | None = None) -> AppSettings:
    """AppSettings from the environment, with a CLI --data-dir taking precedence."""
    settings = AppSettings()
    return settings.model_copy(update={"data_dir": data_dir}) if data_dir else settings
