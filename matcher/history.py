"""Past peer challenges and placements (issue 13 "History across years").

The history file has one row per past placement (or per past challenge whose team is
unknown, with `peer_id` empty): `challenge_ref,council,type,start_date,peer_id`. It
gives each council's last corporate peer challenge and so which councils are due one;
the rules that read it (S5 across years, S8 fresh eyes) belong to the rule registry.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from matcher.councils import CouncilRegistry
from matcher.io import LoadError
from matcher.models import ChallengeType
from matcher.rules.h6_eligibility import years_before

COLUMNS = ("challenge_ref", "council", "type", "start_date", "peer_id")
FILE = "history.csv"


@dataclass(frozen=True)
class PastPlacement:
    challenge_ref: str
    council: str
    type: ChallengeType
    start: date
    peer_id: str | None


def _row(number: int, raw: dict[str, str], registry: CouncilRegistry, errors: list) -> None:
    def bad(column: str, message: str) -> None:
        errors.append(
            LoadError(file=FILE, row=number, column=column, value=raw.get(column), message=message)
        )

    if not (raw.get("challenge_ref") or "").strip():
        bad("challenge_ref", "a past challenge needs its reference")
    if raw.get("council") not in registry:
        bad("council", "not a council code of the reference data (GSS code, e.g. E07000223)")
    if raw.get("type") not in {t.value for t in ChallengeType}:
        bad("type", f"one of {', '.join(t.value for t in ChallengeType)}")
    try:
        date.fromisoformat(raw.get("start_date") or "")
    except ValueError:
        bad("start_date", "a date as YYYY-MM-DD")


def read_history(
    text: str, registry: CouncilRegistry
) -> tuple[list[PastPlacement], list[LoadError]]:
    """All rows, or every error with its row and column (nothing is kept on any error)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [
            LoadError(
                file=FILE,
                message=f"missing columns: {', '.join(missing)} (need {', '.join(COLUMNS)})",
            )
        ]
    errors: list[LoadError] = []
    rows = []
    for number, raw in enumerate(reader, start=2):
        before = len(errors)
        _row(number, raw, registry, errors)
        if len(errors) == before:
            rows.append(
                PastPlacement(
                    challenge_ref=raw["challenge_ref"].strip(),
                    council=raw["council"],
                    type=ChallengeType(raw["type"]),
                    start=date.fromisoformat(raw["start_date"]),
                    peer_id=(raw.get("peer_id") or "").strip() or None,
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


def last_cpcs(rows: list[PastPlacement]) -> dict[str, date]:
    """Each council's latest corporate peer challenge start in the history."""
    last: dict[str, date] = {}
    for row in rows:
        if row.type is ChallengeType.CPC and row.start > last.get(row.council, date.min):
            last[row.council] = row.start
    return last
