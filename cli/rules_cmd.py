"""`peermatch rules`: print the rule catalogue."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console
from matcher.rules import CATALOGUE, RuleKind


def rules() -> None:
    """Print the rule catalogue (hard rules H1-H8, soft goals S1-S8)."""
    table = Table(title="peermatch rules")
    for column in ("code", "name", "kind", "policy", "points per unit"):
        table.add_column(column)
    for r in CATALOGUE:
        weight = f"{r.default_weight} per {r.unit}" if r.kind is RuleKind.SOFT else ""
        table.add_row(r.code, r.name, r.kind.value, r.policy, weight)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
