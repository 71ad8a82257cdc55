"""`peermatch generate` (being written)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Register this module's commands (none yet)."""
