"""Placement workflow rows: create, list, move on, overdue, and the seats a solve pins.

Each change and its history event and audit entry are written in one transaction, so
the history can never disagree with the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api import audit
from api.keys import Principal
from api.workflow_read import PlacementOut, placement_out, visible
from matcher.models import Peer, PeerKind
from matcher.programme import Programme
from matcher.store import Store
from matcher.store.service_tables import PlacementEventRow, PlacementRow
from matcher.workflow import (
    Action,
    Held,
    State,
    active_values,
    check_transition,
    seat_clash,
)
from matcher.workflow.states import DEFAULT_MAX_NAMES, not_selected_with


class SeatTaken(ValueError):
    """The seat already has an active placement, or the peer one on the same challenge."""


def _held(session: Session, programme_id: int, challenge_id: str) -> list[Held]:
    """The challenge's active placements (matcher.workflow.seat_clash judges them)."""
    query = select(PlacementRow).where(
        PlacementRow.programme_id == programme_id,
        PlacementRow.challenge_id == challenge_id,
        PlacementRow.state.in_(active_values()),
    )
    return [Held(r.id, r.seat_id, r.peer_id, State(r.state)) for r in session.scalars(query)]


@dataclass(frozen=True)
class _Placement:
    """What a new workflow row says: which seat, which peer, its state and start."""

    challenge_id: str
    seat_id: str
    peer: Peer
    state: State
    start_date: date | None


def _add_event(
    session: Session,
    placement_id: int,
    who: Principal,
    now: datetime,
    before: str | None,
    after: str,
    note: str,
) -> None:
    """One history event: every state a placement takes is recorded with who and when."""
    session.add(
        PlacementEventRow(
            placement_id=placement_id,
            at=now,
            actor=who.label,
            from_state=before,
            to_state=after,
            note=note,
        )
    )


def _add_row(
    session: Session,
    programme_id: int,
    placement: _Placement,
    who: Principal,
    now: datetime,
    *,
    run_id: str | None = None,
    waiting: datetime | None = None,
    note: str = "",
) -> PlacementRow:
    """A new placement row with its first history event, in the caller's transaction
    (proposals and imported states are both made here, so the two cannot drift apart)."""
    peer = placement.peer
    row = PlacementRow(
        programme_id=programme_id,
        challenge_id=placement.challenge_id,
        seat_id=placement.seat_id,
        peer_id=peer.peer_id,
        peer_kind=peer.kind.value,
        group_office=peer.group_office.value if peer.group_office else None,
        state=placement.state.value,
        run_id=run_id,
        created_at=now,
        updated_at=now,
        waiting_since=waiting,
        start_date=placement.start_date,
    )
    session.add(row)
    session.flush()
    _add_event(session, row.id, who, now, None, row.state, note)
    return row


def add_proposal(
    session: Session,
    programme_id: int,
    challenge_id: str,
    seat_id: str,
    peer: Peer,
    who: Principal,
    now: datetime,
    run_id: str | None = None,
    *,
    start_date: date | None = None,
    max_names: int = DEFAULT_MAX_NAMES,
) -> PlacementRow:
    """A new proposed placement with its first history event (SeatTaken on a clash)."""
    held = _held(session, programme_id, challenge_id)
    clash = seat_clash(held, challenge_id, seat_id, peer.peer_id, max_names)
    if clash:
        raise SeatTaken(clash)
    waiting = now if peer.kind is PeerKind.MEMBER else None
    placement = _Placement(challenge_id, seat_id, peer, State.PROPOSED, start_date)
    return _add_row(session, programme_id, placement, who, now, run_id=run_id, waiting=waiting)


def import_states(
    session: Session, programme_id: int, programme: Programme, who: Principal, now: datetime
) -> int:
    """Workflow rows for the placements of an uploaded folder that name their `state` (a
    folder the service exported): the workflow comes back as it was. Returns how many."""
    made = 0
    for p in (p for p in programme.placements if p.state):
        peer = programme.peer_by_id[p.peer_id]
        state = State(p.state)
        waiting = now if state is State.PROPOSED and peer.group_office else None
        placement = _Placement(p.challenge_id, p.seat_id, peer, state, p.start_date)
        note = "imported from the uploaded placements"
        _add_row(session, programme_id, placement, who, now, waiting=waiting, note=note)
        made += 1
    return made


def create(
    db: Store,
    programme_id: int,
    challenge_id: str,
    seat_id: str,
    peer: Peer,
    who: Principal,
    now: datetime,
    *,
    start_date: date | None = None,
    max_names: int = DEFAULT_MAX_NAMES,
) -> PlacementOut:
    try:
        with db.write() as session:
            row = add_proposal(
                session,
                programme_id,
                challenge_id,
                seat_id,
                peer,
                who,
                now,
                start_date=start_date,
                max_names=max_names,
            )
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
            return placement_out(row, [])
    except IntegrityError as exc:  # a concurrent proposal won the seat's unique index
        raise SeatTaken(f"seat {challenge_id}/{seat_id} was just taken") from exc


def propose_run(
    db: Store,
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
                        session,
                        programme_id,
                        a.challenge_id,
                        a.seat_id,
                        peer,
                        who,
                        now,
                        run_id,
                        start_date=a.start_date,
                        max_names=1,  # a run proposes seats nobody has named yet
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


def _move(
    session: Session, row: PlacementRow, after: State, who: Principal, now: datetime, note: str
) -> None:
    """Set a placement's state and add its history event."""
    before = row.state
    row.state, row.updated_at, row.waiting_since = after.value, now, None
    _add_event(session, row.id, who, now, before, after.value, note)


def _not_selected(session: Session, chosen: PlacementRow, who: Principal, now: datetime) -> None:
    """The council chose `chosen`: the other names in play for its seat are not selected."""
    held = _held(session, chosen.programme_id, chosen.challenge_id)
    mine = Held(chosen.id, chosen.seat_id, chosen.peer_id, State(chosen.state))
    for other in not_selected_with(held, mine):
        row = session.get(PlacementRow, other.placement_id)
        _move(
            session, row, State.NOT_SELECTED, who, now, f"the council chose placement {chosen.id}"
        )


def transition(
    db: Store, placement_id: int, action: Action, who: Principal, now: datetime, note: str = ""
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
        _move(session, row, after, who, now, note)
        if after is State.SELECTED:
            _not_selected(session, row, who, now)
        audit.add(
            session,
            who,
            action.value,
            f"placements/{row.id}",
            personal=True,
            detail={"from": before.value, "to": after.value, "peer_id": row.peer_id},
        )
        session.flush()
        return placement_out(row)
