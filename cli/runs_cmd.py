"""`peermatch runs`: where the store is, and the runs stored in it, newest first.

The store defaults to the user's data directory (PEERMATCH_HOME / PEERMATCH_DB_URL
override), so runs from any folder land in one place; this command shows where that is.
"""

from __future__ import annotations

import typer

from cli.common import console
from cli.solve import open_store
from matcher.settings import AppSettings
from matcher.store import RunRecord


def _line(run: RunRecord, programmes: dict[int, str]) -> str:
    """One run: id, when, kind, status, programme and, when done, seats filled."""
    counts = (run.summary or {}).get("counts", {})
    filled = ""
    if "filled" in counts and "seats" in counts:
        filled = f", {counts['filled']:,} of {counts['seats']:,} seats filled"
    when = run.created_at.strftime("%Y-%m-%d %H:%M")
    programme = programmes.get(run.programme_id, f"programme {run.programme_id}")
    return f"{run.run_id}  {when}  {run.kind.value} {run.status.value}: {programme}{filled}"


def runs() -> None:
    """List the stored runs (ids for `report --run`) and say where the store is."""
    settings = AppSettings()
    store = open_store(settings)
    try:
        records = sorted(store.list_runs(), key=lambda r: r.created_at, reverse=True)
        programmes = {p.programme_id: p.name for p in store.list_programmes()}
    finally:
        store.close()
    console.print(f"store: {settings.database_url}", markup=False, highlight=False)
    if not records:
        console.print("no runs stored yet (peermatch solve stores one)")
        return
    for run in records:
        console.print(_line(run, programmes), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("runs")(runs)
