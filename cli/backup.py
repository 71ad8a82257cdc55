"""`peermatch backup FILE` and `peermatch restore FILE`: the store, safe while serving.

SQLite through its online backup API, PostgreSQL through pg_dump / pg_restore
(matcher.store.backup; docs/backup.md). Restore replaces everything in the store, so it
asks first unless --yes; stop the service before restoring.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import console, err_console
from cli.serve import DbUrlOption, HomeOption
from matcher.settings import AppSettings
from matcher.store.backup import backup, restore
from matcher.store.errors import StoreError


def _url(db_url: str | None, home: Path | None) -> str:
    settings = AppSettings()
    update = {k: v for k, v in {"db_url": db_url, "home": home}.items() if v is not None}
    return settings.model_copy(update=update).database_url


def backup_cmd(
    target: Annotated[Path, typer.Argument(help="New file to write the backup to.")],
    db_url: DbUrlOption = None,
    home: HomeOption = None,
) -> None:
    """Back up the store (programmes, runs, workflow, keys, audit) while it is in use."""
    try:
        written = backup(_url(db_url, home), target)
    except StoreError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"backup written to {written} ({written.stat().st_size:,} bytes)")


def restore_cmd(
    source: Annotated[Path, typer.Argument(help="A file written by `peermatch backup`.")],
    db_url: DbUrlOption = None,
    home: HomeOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before replacing.")] = False,
) -> None:
    """Replace the store by a backup (stop the service first)."""
    url = _url(db_url, home)
    if not yes and not typer.confirm(f"Replace everything in the store with {source}?"):
        raise typer.Exit(1)
    try:
        restore(url, source)
    except StoreError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"restored the store from {source}")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)
