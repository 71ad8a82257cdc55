"""Placement workflow rows: create, list, move on, overdue, and the seats a solve pins.

Each change and its history event and audit entry are written in one transaction, so
the history can never disagree with the state.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api import audit
from api.db.schema import Database
from api.db.tables import PlacementEventRow, PlacementRow
from api.keys import Principal, Role
from api.workflow import ACTIVE, Action, State, WorkflowSeat, check_transition
from matcher.models import Peer, PeerKind
from matcher.programme import Programme


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
    history: list[EventOut] | None = Field(default=None, description="Every change, oldest first.")


class SeatTaken(ValueError):
    """The seat already has an active placement, or the peer one on the same challenge."""


def _out(row: PlacementRow, events: list[PlacementEventRow] | None = None) -> PlacementOut:
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


def _active_clash(
    session: Session, programme_id: int, challenge_id: str, seat_id: str, peer_id: str
) -> str | None:
    query = select(PlacementRow).where(
        PlacementRow.programme_id == programme_id,
        PlacementRow.challenge_id == challenge_id,
        PlacementRow.state.in_([s.value for s in ACTIVE]),
    )
    for row in session.scalars(query):
        if row.seat_id == seat_id:
            return f"seat {challenge_id}/{seat_id} already has placement {row.id} ({row.state})"
        if row.peer_id == peer_id:
            return (
                f"peer {peer_id} already holds seat {row.seat_id} on {challenge_id} "
                f"(placement {row.id}; H2 one seat each)"
            )
    return None


def add_proposal(
    session: Session,
    programme_id: int,
    challenge_id: str,
    seat_id: str,
    peer: Peer,
    who: Principal,
    now: datetime,
    run_id: str | None = None,
) -> PlacementRow:
    """A new proposed placement with its first history event (SeatTaken on a clash)."""
    clash = _active_clash(session, programme_id, challenge_id, seat_id, peer.peer_id)
    if clash:
        raise SeatTaken(clash)
    is_member = peer.kind is PeerKind.MEMBER
    row = PlacementRow(
        programme_id=programme_id,
        challenge_id=challenge_id,
        seat_id=seat_id,
        peer_id=peer.peer_id,
        peer_kind=peer.kind.value,
        group_office=peer.group_office.value if peer.group_office else None,
        state=State.PROPOSED.value,
        run_id=run_id,
        created_at=now,
        updated_at=now,
        waiting_since=now if is_member else None,
    )
    session.add(row)
    session.flush()
    session.add(
        PlacementEventRow(
            placement_id=row.id,
            at=now,
            actor=who.label,
            from_state=None,
            to_state=State.PROPOSED.value,
            note="",
        )
    )
    return row


def create(
    db: Database,
    programme_id: int,
    challenge_id: str,
    seat_id: str,
    peer: Peer,
    who: Principal,
    now: datetime,
) -> PlacementOut:
    try:
        with db.write() as session:
            row = add_proposal(session, programme_id, challenge_id, seat_id, peer, who, now)
            audit.add(
                session,
                who,
                "create",
                f"placements/{row.id}",
                personal=True,
                detail={
                    "programme_id": programme_id,
                    "challenge_id": challenge_id,
                    "seat_id": seat_id,
                    "peer_id": peer.peer_id,
                },
            )
            return _out(row, [])
    except IntegrityError as exc:  # a concurrent proposal won the seat's unique index
        raise SeatTaken(f"seat {challenge_id}/{seat_id} was just taken") from exc


def propose_run(
    db: Database,
    programme: Programme,
    programme_id: int,
    run_id: str,
    assignments: list,
    who: Principal,
    now: datetime,
) -> dict:
    """Propose every seat of a run that has no active placement yet; one transaction."""
    created, skipped = [], []
    with db.write() as session:
        for a in assignments:
            peer = programme.peer_by_id.get(a.peer_id)
            if peer is None:  # erased since the run
                skipped.append(
                    {"challenge_id": a.challenge_id, "seat_id": a.seat_id, "reason": "peer erased"}
                )
                continue
            try:
                with session.begin_nested():
                    row = add_proposal(
                        session, programme_id, a.challenge_id, a.seat_id, peer, who, now, run_id
                    )
                created.append(row.id)
            except SeatTaken as exc:
                skipped.append(
                    {"challenge_id": a.challenge_id, "seat_id": a.seat_id, "reason": str(exc)}
                )
        audit.add(
            session,
            who,
            "create",
            f"runs/{run_id}/proposals",
            personal=True,
            detail={"created": created, "skipped": len(skipped)},
        )
    return {"created": len(created), "placement_ids": created, "skipped": skipped}


def get(db: Database, placement_id: int, who: Principal) -> PlacementOut | None:
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
        return _out(row, events)


def transition(
    db: Database, placement_id: int, action: Action, who: Principal, now: datetime, note: str = ""
) -> PlacementOut | None:
    """Apply `action`; None if the caller cannot see the placement (TransitionError,
    PermissionError when it may not move that way)."""
    with db.write() as session:
        row = session.scalar(
            visible(select(PlacementRow), who).where(PlacementRow.id == placement_id)
        )
        if row is None:
            return None
        before = State(row.state)
        after = check_transition(action, before, row.peer_kind == PeerKind.MEMBER.value, who.role)
        row.state, row.updated_at = after.value, now
        row.waiting_since = None
        session.add(
            PlacementEventRow(
                placement_id=row.id,
                at=now,
                actor=who.label,
                from_state=before.value,
                to_state=after.value,
                note=note,
            )
        )
        audit.add(
            session,
            who,
            action.value,
            f"placements/{row.id}",
            personal=True,
            detail={"from": before.value, "to": after.value, "peer_id": row.peer_id},
        )
        session.flush()
        return _out(row)


def list_placements(
    db: Database,
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
        return total, [_out(row) for row in rows]


def overdue_cutoff(now: datetime, days: int) -> datetime:
    """Proposals waiting since before this moment are overdue (more than `days` days)."""
    return now - timedelta(days=days)


def workflow_seats(db: Database, programme_id: int) -> list[WorkflowSeat]:
    """Every workflow placement of a programme, for api.workflow.pinned_programme."""
    query = select(PlacementRow).where(PlacementRow.programme_id == programme_id)
    with db.read() as session:
        return [
            WorkflowSeat(r.challenge_id, r.seat_id, r.peer_id, State(r.state), r.run_id)
            for r in session.scalars(query.order_by(PlacementRow.id))
        ]


def stamp(db: Database, programme_id: int) -> tuple[int, str]:
    """Changes whenever a programme's workflow does (for caches built on top of it)."""
    query = select(func.count(), func.max(PlacementRow.updated_at)).where(
        PlacementRow.programme_id == programme_id
    )
    with db.read() as session:
        count, latest = session.execute(query).one()
    return count, str(latest)
