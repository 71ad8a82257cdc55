"""A programme's tables as plain rows keyed by their natural ids, and the differences
between two such snapshots (added, changed and removed rows per table).

A snapshot is what a version keeps, so any two versions can be compared later without
the programme of that day. Keys: peers and challenges by id, seats by challenge and
seat, unavailability by peer and dates, conflicts by peer and council, placements by
challenge and seat and peer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from matcher.programme import Programme

KEYS: dict[str, Callable[[dict[str, Any]], str]] = {
    "peers": lambda r: r["peer_id"],
    "challenges": lambda r: r["challenge_id"],
    "seats": lambda r: f"{r['challenge_id']}/{r['seat_id']}",
    "unavailability": lambda r: f"{r['peer_id']}/{r['from_date']}/{r['to_date']}",
    "conflicts": lambda r: f"{r['peer_id']}/{r['ons_code']}",
    "placements": lambda r: f"{r['challenge_id']}/{r['seat_id']}/{r['peer_id']}",
}
"""Table name -> the row's key, in the programme folder's table order."""


def _row(model: BaseModel) -> dict[str, Any]:
    row = model.model_dump(mode="json")
    return {k: sorted(v) if isinstance(v, list) else v for k, v in row.items()}


def snapshot(programme: Programme) -> dict[str, Any]:
    """Every table of `programme` (settings included) as JSON rows keyed by natural id."""
    tables: dict[str, Any] = {
        table: {KEYS[table](row): row for row in map(_row, getattr(programme, table))}
        for table in KEYS
    }
    tables["settings"] = {"settings": programme.settings.model_dump(mode="json")}
    return tables


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Per table: rows added and removed (whole), rows changed (field: [before, after]).
    Tables without a difference are left out."""
    out: dict[str, Any] = {}
    for table in [*KEYS, "settings"]:
        old, new = before.get(table, {}), after.get(table, {})
        added = [new[k] for k in new if k not in old]
        removed = [old[k] for k in old if k not in new]
        changed = []
        for key in (k for k in new if k in old and new[k] != old[k]):
            fields = {
                f: [old[key].get(f), new[key].get(f)]
                for f in sorted(set(old[key]) | set(new[key]))
                if old[key].get(f) != new[key].get(f)
            }
            changed.append({"key": key, "fields": fields})
        if added or removed or changed:
            out[table] = {"added": added, "changed": changed, "removed": removed}
    return out


def counts(differences: dict[str, Any]) -> dict[str, dict[str, int]]:
    """How many rows each table adds, changes and removes (a version's `what`)."""
    return {
        table: {kind: len(rows) for kind, rows in parts.items()}
        for table, parts in differences.items()
    }
