"""Entry point of the `peermatch` console script: registers every command module."""

from __future__ import annotations

import typer

from cli import (
    backup,
    check,
    demo,
    generate,
    rules_cmd,
    runs_cmd,
    serve,
    shortlist,
    solve,
    users,
    whatif,
)

app = typer.Typer(
    name="peermatch",
    help="Team matching for LGA peer challenges (rules H1-H8, S1-S8: `peermatch rules`).",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """Team matching for LGA peer challenges."""


for module in (
    check,
    generate,
    rules_cmd,
    solve,
    demo,
    serve,
    shortlist,
    whatif,
    runs_cmd,
    backup,
    users,
):
    module.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
