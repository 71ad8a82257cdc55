"""The annual usage report in the service (issue 13): the CLI's report (matcher.whatif.usage,
same small-count and secondary suppression at 5) on the workflow's placements, plus the
equalities completion rate, the shadowing pilot, stale profiles and unused peers.

Aggregates go to every role; the names of unused peers only to managers (everyone) and
to a group office (its own member peers). No equalities value is ever given per person.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.keys import Principal, Role
from api.placement_dates import on_site
from api.privacy import can_see_peer
from api.profile_updates import stale_now
from api.state import Services
from matcher.disclosure import SUPPRESS_BELOW, SUPPRESSED, is_small
from matcher.models import Assignment, PeerKind
from matcher.programme import Programme
from matcher.store.service_tables import PlacementRow
from matcher.whatif.usage import (
    CHARACTERISTICS,
    UsageReport,
    unused_peers,
    usage_report,
)
from matcher.workflow import State

COUNTED = {"confirmed": (State.CONFIRMED,), "active": tuple(State)}


class UnusedOut(BaseModel):
    name: str
    kind: str
    group_office: str | None


class AnnualReportOut(BaseModel):
    programme_id: int
    plan: str = Field(description="confirmed or active workflow placements, or a run id.")
    as_of: date = Field(description="Unused means no seat in the 12 months to this day.")
    suppressed_below: int = Field(description=f"Counts 1 to this minus 1 show as {SUPPRESSED}.")
    totals: dict[str, Any]
    by_group_office: list[dict[str, Any]]
    by_characteristic: list[dict[str, Any]]
    unused_by_group_office: list[dict[str, Any]] = Field(
        description="Peers unused for 12 months per group office against the pool."
    )
    equalities_completion: dict[str, dict[str, float | str]] = Field(
        description="kind -> question (or `any`) -> share of peers who answered it."
    )
    shadowing: dict[str, int | str] = Field(description="The shadow-seat pilot (no cap, H4).")
    stale_profiles: int = Field(description="Profiles not updated for 12 months (clock).")
    unused_peers: list[UnusedOut] | None = Field(
        description="Names: managers, and group offices for their own member peers; "
        "null for viewers (the count is in totals)."
    )


def workflow_plan(services: Services, programme: Programme, programme_id: int, plan: str):
    """The workflow's placements in the chosen states as dated assignments."""
    states = [s.value for s in COUNTED[plan]]
    query = select(PlacementRow).where(
        PlacementRow.programme_id == programme_id, PlacementRow.state.in_(states)
    )
    with services.store.read() as session:
        rows = list(session.scalars(query))
        session.expunge_all()
    dates = on_site(services.store, programme, rows)
    return [
        Assignment(
            challenge_id=r.challenge_id,
            seat_id=r.seat_id,
            peer_id=r.peer_id,
            start_date=dates[r.id].start,
            end_date=dates[r.id].end,
        )
        for r in rows
        if r.id in dates and r.peer_id in programme.peer_by_id
    ]


def completion(programme: Programme) -> dict[str, dict[str, float | str]]:
    """Share of each kind's peers who answered each question ('prefer not to say' counts
    as an answer given); hidden for a kind with fewer peers than the suppression limit."""
    out: dict[str, dict[str, float | str]] = {}
    for kind in PeerKind:
        group = [p for p in programme.peers if p.kind is kind]
        if len(group) < SUPPRESS_BELOW:
            out[kind.value] = {q: SUPPRESSED for q in (*CHARACTERISTICS, "any")}
            continue
        rates = {
            q: sum(getattr(p, q) is not None for p in group) / len(group) for q in CHARACTERISTICS
        }
        rates["any"] = sum(
            any(getattr(p, q) is not None for q in CHARACTERISTICS) for p in group
        ) / len(group)
        out[kind.value] = {q: round(v, 3) for q, v in rates.items()}
    return out


def shadowing(programme: Programme, plan: list[Assignment]) -> dict[str, int | str]:
    shadow = [a for a in plan if programme.seat_by_key[(a.challenge_id, a.seat_id)].shadow]
    peers = len({a.peer_id for a in shadow})
    small = is_small(peers)
    return {
        "shadow_seats": sum(s.shadow for s in programme.all_seats),
        "placements": SUPPRESSED if small else len(shadow),
        "peers": SUPPRESSED if small else peers,
    }


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def annual_report(
    services: Services,
    programme: Programme,
    programme_id: int,
    plan_name: str,
    plan: list[Assignment],
    caller: Principal,
    today: date,
    as_of: date | None,
) -> tuple[AnnualReportOut, UsageReport]:
    report = usage_report(programme, plan, as_of)
    unused = None
    if caller.role is not Role.VIEWER:
        ids = {p.peer_id for p in unused_peers(programme, plan, report.as_of)}
        unused = [
            UnusedOut(
                name=p.name,
                kind=p.kind.value,
                group_office=p.group_office.value if p.group_office else None,
            )
            for p in programme.peers
            if p.peer_id in ids and can_see_peer(caller, p)
        ]
    out = AnnualReportOut(
        programme_id=programme_id,
        plan=plan_name,
        as_of=report.as_of,
        suppressed_below=SUPPRESS_BELOW,
        totals=report.totals,
        by_group_office=records(report.by_group_office),
        by_characteristic=records(report.by_characteristic),
        unused_by_group_office=records(report.unused),
        equalities_completion=completion(programme),
        shadowing=shadowing(programme, plan),
        stale_profiles=len(stale_now(services.store, programme, programme_id, today)),
        unused_peers=unused,
    )
    return out, report
