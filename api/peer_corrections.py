"""A peer's answer on their own page becomes a programme version at once (issue 13).

The peer confirms their profile (its `profile_updated_on` becomes today) or corrects it
(tags, council types, the equalities answers they choose to give, dated unavailability).
Either way the change is applied like a manager's (api.living: validated like an upload,
one version with the peer as author, audited) instead of waiting in a queue. Then the
independent validator re-checks the year's active placements under the old and the new
rows (matcher.workflow.checks.change_violations): a correction that breaks a proposed or
confirmed placement (new unavailability over a confirmed challenge, H3) is still
recorded, never silently: each break becomes a conflict item in the manager's inbox,
naming the rule, the placement and the challenge. Conflict items carry no sentence from
the validator, so no equalities answer or party can travel in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select

from api import living
from api.profile_updates import PeerLink, as_principal
from api.state import Services
from api.workflow_read import workflow_seats
from matcher.living.edits import add_unavailability, patch_peer, revalidate
from matcher.models import Unavailability
from matcher.programme import Programme
from matcher.rules.registry import rule
from matcher.store.peer_year import ProfileUpdateRow
from matcher.workflow.checks import change_violations

PROFILE_FIELDS = ("tags", "council_types", "gender", "ethnic_minority", "disability")
"""The profile fields a peer may correct on their own page."""
REASON = "given by the peer on their own page"


class ConflictOut(BaseModel):
    update_id: int
    peer_id: str
    at: datetime
    version: int | None = Field(description="The programme version the answer became.")
    rule: str = Field(description="The hard rule the placement now breaks, e.g. H3.")
    rule_name: str
    placement_id: int | None
    challenge_id: str
    seat_id: str
    state: str = Field(description="The placement's workflow state when the peer answered.")
    resolved_at: datetime | None = Field(
        default=None, description="When a manager marked the answer's conflicts resolved."
    )
    resolved_by: str | None = None


@dataclass(frozen=True)
class Answered:
    update_id: int
    version: int
    conflicts: list[dict[str, Any]]


def _change(peer_id: str, today: date, changes: dict[str, Any], ranges: list[Unavailability]):
    patch = {k: v for k, v in changes.items() if k in PROFILE_FIELDS}
    patch["profile_updated_on"] = today

    def change(programme: Programme) -> Programme:
        out = patch_peer(programme, peer_id, patch)
        for r in ranges:
            out = add_unavailability(out, r.model_dump())
        return out

    return change


def record_answer(
    services: Services,
    link: PeerLink,
    changes: dict[str, Any],
    ranges: list[Unavailability],
    now: datetime,
) -> Answered:
    """Apply the peer's answer as a programme version (EditError when a correction is
    not valid: nothing is applied) and keep it with the conflicts it raised."""
    pid, who = link.programme_id, as_principal(link)
    confirmed = not changes and not ranges
    action = {
        "action": "peer_confirmed" if confirmed else "peer_corrected",
        "peer_id": link.peer_id,
        "fields": sorted(k for k in changes if k in PROFILE_FIELDS),
        "unavailability": len(ranges),
    }
    change = _change(link.peer_id, now.date(), changes, ranges)
    for attempt in (1, 2):  # a manager's change in between: read again once
        before, based_on = living.current(services, pid)
        after = revalidate(change(before), services.settings.data_dir)
        try:
            version = living.commit(services, pid, who, action, before, after, based_on)["version"]
            break
        except living.StaleChange:
            if attempt == 2:
                raise
    year = workflow_seats(services.store, pid)
    conflicts = [
        {
            "rule": v.rule,
            "rule_name": rule(v.rule).name,
            "placement_id": seat.placement_id,
            "challenge_id": seat.challenge_id,
            "seat_id": seat.seat_id,
            "state": seat.state.value,
        }
        for seat, v in change_violations(before, after, year)
    ]
    stored = dict(changes) | (
        {"unavailability": [r.model_dump(mode="json", exclude={"peer_id"}) for r in ranges]}
        if ranges
        else {}
    )
    with services.store.write() as session:
        row = ProfileUpdateRow(
            programme_id=pid,
            peer_id=link.peer_id,
            at=now,
            confirmed=confirmed,
            changes=stored,
            applied_at=now,
            version=version,
            conflicts={"items": conflicts} if conflicts else None,
        )
        session.add(row)
        session.flush()
        return Answered(row.id, version, conflicts)


def unavailability_ranges(peer_id: str, pairs: list[tuple[str, str]]) -> list[Unavailability]:
    """Dated unavailability from the page's from/to fields (empty pairs skipped);
    ValueError names the field when a date is not a date or the range runs backwards."""
    out = []
    for first, last in pairs:
        if not first and not last:
            continue
        try:
            start = date.fromisoformat(first)
            end = date.fromisoformat(last or first)
        except ValueError:
            raise ValueError("unavailable_from/unavailable_to: a date as YYYY-MM-DD") from None
        if end < start:
            raise ValueError("unavailable_to: before unavailable_from (H3 ranges)")
        out.append(Unavailability(peer_id=peer_id, from_date=start, to_date=end, reason=REASON))
    return out


def open_conflicts(
    services: Services, programme_id: int, resolved: bool = False
) -> list[ConflictOut]:
    """The conflict items peers' answers raised in this programme, newest first: those
    not yet resolved, or every one with `resolved`."""
    query = (
        select(ProfileUpdateRow)
        .where(
            ProfileUpdateRow.programme_id == programme_id,
            ProfileUpdateRow.conflicts.is_not(None),
        )
        .order_by(ProfileUpdateRow.id.desc())
    )
    with services.store.read() as session:
        rows = list(session.scalars(query))
    out = []
    for r in rows:
        done = r.conflicts or {}
        if done.get("resolved_at") and not resolved:
            continue
        out += [
            ConflictOut(
                update_id=r.id,
                peer_id=r.peer_id,
                at=r.at,
                version=r.version,
                resolved_at=done.get("resolved_at"),
                resolved_by=done.get("resolved_by"),
                **item,
            )
            for item in done.get("items", [])
        ]
    return out


class NoConflict(LookupError):
    """No answer with conflicts under that id in this programme (404)."""


def resolve(services: Services, programme_id: int, update_id: int, who: str, now: datetime) -> None:
    """Mark one answer's conflict items resolved (the manager has dealt with the
    placements through the workflow); they leave the inbox, the record stays."""
    with services.store.write() as session:
        row = session.get(ProfileUpdateRow, update_id)
        if row is None or row.programme_id != programme_id or not row.conflicts:
            raise NoConflict(f"no conflict items of answer {update_id} in programme {programme_id}")
        row.conflicts = row.conflicts | {"resolved_at": now.isoformat(), "resolved_by": who}
