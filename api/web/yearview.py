"""The year view's model: challenges by week with their team status, from API answers.

Team status of a challenge, in the LGA's words: `confirmed` when every seat has a
confirmed peer; `approved` when every seat has a peer at least approved by the group
office (or put forward, or selected); `proposed` when every seat has a peer proposed;
`unfilled` when some seat has no peer in the workflow and the current run left it empty
too; `planned` when the current run fills it but nothing is proposed yet; `not planned`
when there is no run and no proposal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from matcher.workflow import ACTIVE, State

RANK = {
    state.value: 0 if state is State.PROPOSED else 2 if state is State.CONFIRMED else 1
    for state in ACTIVE
}
"""How far each seat-holding workflow state is (derived from matcher.workflow.ACTIVE)."""
STATUS_BY_RANK = {0: "proposed", 1: "approved", 2: "confirmed"}
STATUSES = ("confirmed", "approved", "proposed", "planned", "unfilled", "not planned")


@dataclass
class Row:
    challenge_id: str
    council_name: str
    region: str
    type: str
    start: date
    seats: int
    status: str
    detail: str
    group_offices: set[str] = field(default_factory=set)


@dataclass
class Week:
    monday: date
    rows: list[Row]


def team_status(
    seats: list[str], placed: dict[str, int], run_filled: set[str] | None
) -> tuple[str, str]:
    """(status, detail) of one challenge: `placed` maps seat -> best workflow rank."""
    missing = [s for s in seats if s not in placed]
    if not missing:
        status = STATUS_BY_RANK[min(placed[s] for s in seats)]
        return status, f"all {len(seats)} seats {status}"
    if placed:
        return "unfilled", f"{len(missing)} of {len(seats)} seats without a peer"
    if run_filled is None:
        return "not planned", "no run and no proposals yet"
    empty = [s for s in seats if s not in run_filled]
    if empty:
        return "unfilled", f"the run left {len(empty)} of {len(seats)} seats empty"
    return "planned", f"the run fills all {len(seats)} seats; not yet proposed"


def build(
    challenges: list[dict],
    regions: dict[str, str],
    placements: list[dict],
    assignments: list[dict] | None,
    unfilled: list[dict] | None,
) -> list[Row]:
    """One row per challenge; `assignments`/`unfilled` are the current run's (or None)."""
    placed: dict[str, dict[str, int]] = defaultdict(dict)
    offices: dict[str, set[str]] = defaultdict(set)
    for p in placements:
        rank = RANK.get(p["state"])
        if rank is None:
            continue
        seats = placed[p["challenge_id"]]
        seats[p["seat_id"]] = max(rank, seats.get(p["seat_id"], -1))
        if p.get("group_office"):
            offices[p["challenge_id"]].add(p["group_office"])
    starts: dict[str, date] = {}
    filled: dict[str, set[str]] = defaultdict(set)
    for a in assignments or ():
        starts.setdefault(a["challenge_id"], date.fromisoformat(a["start_date"]))
        filled[a["challenge_id"]].add(a["seat_id"])
    empty = {(u["challenge_id"], u["seat_id"]) for u in unfilled or ()}
    rows = []
    for c in challenges:
        cid = c["challenge_id"]
        run_filled = (
            filled[cid]
            if assignments is not None
            else (
                None
                if unfilled is None  # no run; viewers read unfilled seats, not assignments
                else {s["seat_id"] for s in c["seats"] if (cid, s["seat_id"]) not in empty}
            )
        )
        status, detail = team_status([s["seat_id"] for s in c["seats"]], placed[cid], run_filled)
        start = starts.get(cid) or date.fromisoformat(c["earliest_start"])
        rows.append(
            Row(
                cid,
                c.get("council_name") or c["council"],
                regions.get(c["council"], "unknown"),
                c["type"],
                start,
                len(c["seats"]),
                status,
                detail,
                offices[cid],
            )
        )
    return rows


def weeks(rows: list[Row]) -> list[Week]:
    """Rows grouped by the Monday of their start week, in date order."""
    by_week: dict[date, list[Row]] = defaultdict(list)
    for row in rows:
        by_week[row.start - timedelta(days=row.start.weekday())].append(row)
    return [
        Week(monday, sorted(by_week[monday], key=lambda r: (r.start, r.challenge_id)))
        for monday in sorted(by_week)
    ]


def counts(rows: list[Row]) -> dict[str, int]:
    found = {s: 0 for s in STATUSES}
    for row in rows:
        found[row.status] += 1
    return found
