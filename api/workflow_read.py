"""Reading the placement workflow: one placement with its history, lists, the seats a
solve pins, and a stamp that changes with the workflow or the programme's version."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select

from api.keys import Principal, Role
from matcher.models import PeerKind
from matcher.store import Store
from matcher.store.service_tables import PlacementEventRow, PlacementRow, ProgrammeVersionRow
from matcher.workflow import State, WorkflowSeat


class EventOut(BaseModel):
    at: datetime
    actor: str = Field(description="Who made the change (key name, role and id).")
    from_state: State | None
    to_state: State
    note: str


class PlacementOut(BaseModel):
    placement_id: int
    programme_id: int
    challenge_id: str
    seat_id: str
    peer_id: str
    peer_kind: PeerKind
    group_office: str | None = Field(description="Member peers: the group office that answers.")
    state: State
    run_id: str | None = Field(description="The run that proposed it, if any.")
    created_at: datetime
    updated_at: datetime
    waiting_since: datetime | None = Field(
        description="Member peers awaiting their group office: since when."
    )
    start_date: date | None = Field(
        default=None, description="The team's first onsite day (kept once confirmed)."
    )
    history: list[EventOut] | None = Field(default=None, description="Every change, oldest first.")


def placement_out(row: PlacementRow, events: list[PlacementEventRow] | None = None) -> PlacementOut:
    history = (
        None
        if events is None
        else [
            EventOut(
                at=e.at,
                actor=e.actor,
                from_state=State(e.from_state) if e.from_state else None,
                to_state=State(e.to_state),
                note=e.note,
            )
            for e in events
        ]
    )
    return PlacementOut(
        placement_id=row.id,
        programme_id=row.programme_id,
        challenge_id=row.challenge_id,
        seat_id=row.seat_id,
        peer_id=row.peer_id,
        peer_kind=PeerKind(row.peer_kind),
        group_office=row.group_office,
        state=State(row.state),
        run_id=row.run_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        waiting_since=row.waiting_since,
        start_date=row.start_date,
        history=history,
    )


def visible(query: Select, who: Principal) -> Select:
    """Group offices see only their own member peers' placements."""
    if who.role is Role.GROUP_OFFICE:
        return query.where(
            PlacementRow.peer_kind == PeerKind.MEMBER.value,
            PlacementRow.group_office == who.group_office.value,
        )
    return query


def get(db: Store, placement_id: int, who: Principal) -> PlacementOut | None:
    with db.read() as session:
        row = session.scalar(
            visible(select(PlacementRow), who).where(PlacementRow.id == placement_id)
        )
        if row is None:
            return None
        events = list(
            session.scalars(
                select(PlacementEventRow)
                .where(PlacementEventRow.placement_id == placement_id)
                .order_by(PlacementEventRow.id)
            )
        )
        return placement_out(row, events)


def list_placements(
    db: Store,
    who: Principal,
    *,
    programme_id: int | None = None,
    state: State | None = None,
    challenge_id: str | None = None,
    overdue_before: datetime | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[PlacementOut]]:
    query = visible(select(PlacementRow), who)
    if programme_id is not None:
        query = query.where(PlacementRow.programme_id == programme_id)
    if state is not None:
        query = query.where(PlacementRow.state == state.value)
    if challenge_id is not None:
        query = query.where(PlacementRow.challenge_id == challenge_id)
    if overdue_before is not None:
        query = query.where(
            PlacementRow.state == State.PROPOSED.value,
            PlacementRow.peer_kind == PeerKind.MEMBER.value,
            PlacementRow.waiting_since < overdue_before,
        )
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(PlacementRow.id).offset(offset).limit(limit))
        return total, [placement_out(row) for row in rows]


def workflow_seats(db: Store, programme_id: int) -> list[WorkflowSeat]:
    """Every workflow placement of a programme, for matcher.workflow.pinned_programme."""
    query = select(PlacementRow).where(PlacementRow.programme_id == programme_id)
    with db.read() as session:
        return [
            WorkflowSeat(
                r.challenge_id, r.seat_id, r.peer_id, State(r.state), r.start_date, r.id, r.run_id
            )
            for r in session.scalars(query.order_by(PlacementRow.id))
        ]


def stamp(db: Store, programme_id: int) -> tuple[int, str, int]:
    """Changes whenever a programme's workflow or its tables do (for caches built on
    top of them)."""
    query = select(func.count(), func.max(PlacementRow.updated_at)).where(
        PlacementRow.programme_id == programme_id
    )
    version = select(func.max(ProgrammeVersionRow.version)).where(
        ProgrammeVersionRow.programme_id == programme_id
    )
    with db.read() as session:
        count, latest = session.execute(query).one()
        current = session.scalar(version) or 0
    return count, str(latest), current
