"""Past peer challenges and placements (issue 13 "History across years").

One history, one format, one model (matcher.models.PastPlacement) and one table: the
`history.csv` of a programme folder and the service-wide upload (PUT /history) have the
same columns, `peer_id,council,start_date,challenge_id,type` (docs/format.md), one row
per past placement, or per past challenge whose team is unknown (`peer_id` empty). It
gives S8 fresh eyes and S5 across years their past placements and each council its last
corporate peer challenge, and so which councils are due one. The service's first format
named the challenge `challenge_ref`; that header is still read as `challenge_id`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from matcher.councils import CouncilRegistry
from matcher.io import LoadError
from matcher.models import ChallengeType, PastPlacement
from matcher.rules.h6_eligibility import years_before

COLUMNS = ("peer_id", "council", "start_date", "challenge_id", "type")
REQUIRED = ("council", "start_date")
ALIASES = {"challenge_ref": "challenge_id"}
FILE = "history.csv"


def _row(number: int, raw: dict[str, str], registry: CouncilRegistry, errors: list) -> None:
    def bad(column: str, message: str) -> None:
        errors.append(
            LoadError(file=FILE, row=number, column=column, value=raw.get(column), message=message)
        )

    if raw.get("council") not in registry:
        bad("council", "not a council code of the reference data (GSS code, e.g. E07000223)")
    kind = (raw.get("type") or "").strip()
    if kind and kind not in {t.value for t in ChallengeType}:
        bad("type", f"one of {', '.join(t.value for t in ChallengeType)}, or empty")
    try:
        date.fromisoformat(raw.get("start_date") or "")
    except ValueError:
        bad("start_date", "a date as YYYY-MM-DD")


def _cell(raw: dict[str, str], column: str) -> str | None:
    return (raw.get(column) or "").strip() or None


def read_history(
    text: str, registry: CouncilRegistry
) -> tuple[list[PastPlacement], list[LoadError]]:
    """All rows, or every error with its row and column (nothing is kept on any error)."""
    reader = csv.DictReader(io.StringIO(text))
    header = [ALIASES.get(name, name) for name in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [
            LoadError(
                file=FILE,
                message=f"missing columns: {', '.join(missing)} (columns: {', '.join(COLUMNS)})",
            )
        ]
    errors: list[LoadError] = []
    rows = []
    for number, found in enumerate(reader, start=2):
        raw = {ALIASES.get(k, k): v for k, v in found.items() if k is not None}
        before = len(errors)
        _row(number, raw, registry, errors)
        if len(errors) == before:
            rows.append(
                PastPlacement(
                    peer_id=_cell(raw, "peer_id"),
                    council=raw["council"],
                    start_date=date.fromisoformat(raw["start_date"]),
                    challenge_id=_cell(raw, "challenge_id"),
                    type=_cell(raw, "type"),
                )
            )
    return (rows if not errors else []), errors


def _first_due_day(last: date, years: int) -> date:
    """The first day more than `years` after `last` (29 February: 1 March)."""
    try:
        return last.replace(year=last.year + years) + timedelta(days=1)
    except ValueError:
        return date(last.year + years, 3, 1)


@dataclass(frozen=True)
class CouncilDue:
    council: str
    last_cpc: date | None
    due_since: date | None
    """The first day it was due; None when the council has had none on record."""


def councils_due(
    codes: list[str], last_cpc: dict[str, date], today: date, years: int
) -> list[CouncilDue]:
    """Councils whose last corporate peer challenge started more than `years` before
    `today`, or that have none on record; those with none first, then the longest due."""
    cutoff = years_before(today, years)
    due = []
    for code in codes:
        last = last_cpc.get(code)
        if last is None or last < cutoff:
            due.append(
                CouncilDue(code, last, None if last is None else _first_due_day(last, years))
            )
    return sorted(due, key=lambda d: (d.last_cpc is not None, d.last_cpc or date.min, d.council))


def last_cpcs(rows) -> dict[str, date]:
    """Each council's latest corporate peer challenge start in the history."""
    last: dict[str, date] = {}
    for row in rows:
        if row.type is ChallengeType.CPC and row.start_date > last.get(row.council, date.min):
            last[row.council] = row.start_date
    return last
