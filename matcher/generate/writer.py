"""Writing a generated programme as a programme folder, through matcher.io.save_programme.

Councils are never written: a generated folder refers to the real reference data in the
data dir (never copied), exactly as a manager's export would.
"""

from __future__ import annotations

from pathlib import Path

from matcher.io import save_programme
from matcher.programme import Programme

WORKBOOK_NAME = "programme.xlsx"
FILES = ("settings", "peers", "unavailability", "conflicts", "challenges", "seats", "placements")
"""The files save_programme writes for a programme without its own councils."""


def write_programme(programme: Programme, out: Path, xlsx: bool = False) -> dict[Path, int]:
    """Write `out` as CSV files (or `out`/programme.xlsx); return data rows per file.

    One format per folder, so a manager cannot edit one copy and load the other.
    """
    out = Path(out)
    rows = {name: len(getattr(programme, name)) for name in FILES if name != "settings"}
    rows = {"settings": 1, **rows}
    if xlsx:
        out.mkdir(parents=True, exist_ok=True)
        path = save_programme(programme, out / WORKBOOK_NAME, include_councils=False)
        return {path: sum(rows.values())}
    save_programme(programme, out, include_councils=False)
    return {out / f"{name}.csv": count for name, count in rows.items()}
