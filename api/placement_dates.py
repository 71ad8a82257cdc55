"""When a workflow placement is on site, and how a message or calendar names it.

A placement row knows its challenge, seat and peer but not its dates: a challenge with
fixed dates has them; one with a window takes the start its proposing run gave the team
(confirmed seats keep it in later solves), else its earliest start, marked provisional.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from matcher.messages import Line
from matcher.programme import Programme, onsite_end
from matcher.store import NotFoundError, Store
from matcher.store.service_tables import PlacementRow


@dataclass(frozen=True)
class OnSite:
    start: date
    end: date
    settled: bool
    """Fixed dates, or the start a run gave the team; False: the window's earliest start."""


def on_site(store: Store, programme: Programme, rows: Iterable[PlacementRow]) -> dict[int, OnSite]:
    """Onsite dates per placement id (rows whose challenge left the programme are skipped)."""
    run_starts: dict[str, dict[str, date]] = {}
    found: dict[int, OnSite] = {}
    for row in rows:
        challenge = programme.challenge_by_id.get(row.challenge_id)
        if challenge is None:
            continue
        start, settled = (
            challenge.earliest_start,
            challenge.earliest_start == (challenge.latest_start),
        )
        if not settled and row.run_id:
            if row.run_id not in run_starts:
                run_starts[row.run_id] = _run_starts(store, row.run_id)
            planned = run_starts[row.run_id].get(row.challenge_id)
            start, settled = (planned, True) if planned else (start, False)
        found[row.id] = OnSite(start, onsite_end(challenge, start), settled)
    return found


def _run_starts(store: Store, run_id: str) -> dict[str, date]:
    try:
        return {a.challenge_id: a.start_date for a in store.run_assignments(run_id)}
    except NotFoundError:
        return {}


def council_name(programme: Programme, challenge_id: str) -> str:
    challenge = programme.challenge_by_id.get(challenge_id)
    if challenge is None:
        return challenge_id
    code = challenge.council
    return programme.councils[code].name if code in programme.councils else code


def line(programme: Programme, row: PlacementRow, when: OnSite) -> Line:
    """The placement as messages show it (the peer's name, never their party)."""
    peer = programme.peer_by_id.get(row.peer_id)
    return Line(
        placement_id=row.id,
        peer_name=peer.name if peer else row.peer_id,
        challenge_id=row.challenge_id,
        council_name=council_name(programme, row.challenge_id),
        seat_id=row.seat_id,
        start=when.start,
        end=when.end,
        dates_fixed=when.settled,
    )
