"""Feedback on member peers after a challenge, routed to their group office (issue 13).

The LGA sends each group office feedback on its member peers' performance after every
corporate peer challenge. Only managers write it, only once the team's last onsite day
has passed and only on confirmed member placements; it is read by managers and by the
peer's own group office, and each read is audited like any other personal data.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy import select

from api.placement_dates import OnSite, council_name, on_site
from api.state import Services
from matcher.models import PeerKind
from matcher.programme import Programme
from matcher.store.peer_year import FeedbackRow
from matcher.store.service_tables import PlacementRow
from matcher.workflow import State


class FeedbackIn(BaseModel):
    rating: int = Field(ge=1, le=5, description="1 (poor) to 5 (excellent).")
    text: str = Field(default="", max_length=5000, description="What went well, what did not.")


class FeedbackOut(FeedbackIn):
    placement_id: int
    peer_id: str
    group_office: str | None
    at: datetime
    actor: str


class NotYet(ValueError):
    """Feedback cannot be recorded on this placement (yet): the reason says why."""


def _out(row: FeedbackRow) -> FeedbackOut:
    return FeedbackOut(
        placement_id=row.placement_id,
        peer_id=row.peer_id,
        group_office=row.group_office,
        rating=row.rating,
        text=row.text,
        at=row.at,
        actor=row.actor,
    )


def check_due(row: PlacementRow, when: OnSite | None, today: date) -> None:
    """NotYet unless a confirmed member placement whose last onsite day has passed."""
    if row.peer_kind != PeerKind.MEMBER.value:
        raise NotYet("feedback goes to group offices: it is recorded on member peers only")
    if row.state != State.CONFIRMED.value:
        raise NotYet(f"placement {row.id} is {row.state}: feedback follows a confirmed seat")
    if when is None or when.end >= today:
        end = "unknown" if when is None else when.end.isoformat()
        raise NotYet(f"the challenge has not ended yet (last onsite day {end})")


def record(
    services: Services, programme: Programme, row: PlacementRow, body: FeedbackIn, actor: str, now
) -> FeedbackOut:
    """Write (or rewrite) the feedback on one placement; NotYet when it is not due."""
    when = on_site(services.store, programme, [row]).get(row.id)
    check_due(row, when, now.date())
    with services.store.write() as session:
        found = session.get(FeedbackRow, row.id)
        if found is None:
            found = FeedbackRow(
                placement_id=row.id,
                programme_id=row.programme_id,
                peer_id=row.peer_id,
                group_office=row.group_office,
            )
            session.add(found)
        found.rating, found.text, found.at, found.actor = body.rating, body.text, now, actor
        session.flush()
        return _out(found)


def get(services: Services, placement_id: int) -> FeedbackOut | None:
    with services.store.read() as session:
        row = session.get(FeedbackRow, placement_id)
        return None if row is None else _out(row)


def visible_feedback(
    services: Services, programme_id: int, office: str | None
) -> list[FeedbackOut]:
    """A programme's feedback, newest first; `office`: only that group office's peers."""
    query = select(FeedbackRow).where(FeedbackRow.programme_id == programme_id)
    if office is not None:
        query = query.where(FeedbackRow.group_office == office)
    with services.store.read() as session:
        return [_out(r) for r in session.scalars(query.order_by(FeedbackRow.at.desc()))]


def for_peer(services: Services, programme_id: int, peer_id: str) -> dict[int, FeedbackOut]:
    query = select(FeedbackRow).where(
        FeedbackRow.programme_id == programme_id, FeedbackRow.peer_id == peer_id
    )
    with services.store.read() as session:
        return {r.placement_id: _out(r) for r in session.scalars(query)}


class DueOut(BaseModel):
    placement_id: int
    peer_id: str
    peer_name: str
    group_office: str | None
    challenge_id: str
    council_name: str
    ended_on: date


def due(services: Services, programme: Programme, programme_id: int, today: date) -> list[DueOut]:
    """Confirmed member placements whose challenge has ended and that have no feedback."""
    query = select(PlacementRow).where(
        PlacementRow.programme_id == programme_id,
        PlacementRow.state == State.CONFIRMED.value,
        PlacementRow.peer_kind == PeerKind.MEMBER.value,
        ~PlacementRow.id.in_(select(FeedbackRow.placement_id)),
    )
    with services.store.read() as session:
        rows = list(session.scalars(query.order_by(PlacementRow.id)))
        session.expunge_all()
    dates = on_site(services.store, programme, rows)
    return [
        DueOut(
            placement_id=r.id,
            peer_id=r.peer_id,
            peer_name=programme.peer_by_id[r.peer_id].name
            if r.peer_id in programme.peer_by_id
            else r.peer_id,
            group_office=r.group_office,
            challenge_id=r.challenge_id,
            council_name=council_name(programme, r.challenge_id),
            ended_on=dates[r.id].end,
        )
        for r in rows
        if r.id in dates and dates[r.id].end < today
    ]
