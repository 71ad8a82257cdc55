"""Cap exceptions (H4) in the store: request, decide, list, and the approved ones a
programme's jobs read (matcher.workflow.caps).

A member peer's exception is a request until the Director of Improvement (`director`)
approves or declines it with a reason; an officer's records the employer's release and
holds at once. Each change is audited in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import select

from api import audit
from api.keys import Principal
from matcher.models import Peer, PeerKind
from matcher.store import Store
from matcher.store.service_tables import CapExceptionRow
from matcher.workflow.caps import ExceptionState


class CapExceptionIn(BaseModel):
    programme_id: int = Field(ge=1, le=2**62)
    peer_id: str = Field(min_length=1, max_length=200)
    days: int = Field(ge=1, le=366, description="The peer's cap for the year, in days.")
    reason: str = Field(min_length=1, max_length=2000, description="Why it is needed.")


class DecisionIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000, description="Why (kept on record).")


class CapExceptionOut(BaseModel):
    exception_id: int
    programme_id: int
    peer_id: str
    days: int
    reason: str
    state: ExceptionState
    requested_by: str
    requested_at: datetime
    decided_by: str | None = Field(description="Who approved or declined it.")
    decided_at: datetime | None
    decision_reason: str | None


class DecisionError(ValueError):
    """The exception was already decided (409)."""


def _out(row: CapExceptionRow) -> CapExceptionOut:
    return CapExceptionOut(
        exception_id=row.id,
        programme_id=row.programme_id,
        peer_id=row.peer_id,
        days=row.days,
        reason=row.reason,
        state=ExceptionState(row.state),
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
    )


def request(
    db: Store, body: CapExceptionIn, peer: Peer, who: Principal, now: datetime
) -> CapExceptionOut:
    """A member's request waits for the director; an officer's release holds at once."""
    officer = peer.kind is PeerKind.OFFICER
    with db.write() as session:
        row = CapExceptionRow(
            programme_id=body.programme_id,
            peer_id=peer.peer_id,
            days=body.days,
            reason=body.reason,
            state=(ExceptionState.APPROVED if officer else ExceptionState.REQUESTED).value,
            requested_by=who.label,
            requested_at=now,
            decided_by=who.label if officer else None,
            decided_at=now if officer else None,
            decision_reason="employer's release recorded" if officer else None,
        )
        session.add(row)
        session.flush()
        audit.add(
            session,
            who,
            "create",
            f"cap-exceptions/{row.id}",
            personal=True,
            detail={"peer_id": peer.peer_id, "days": body.days},
        )
        return _out(row)


def decide(
    db: Store, exception_id: int, approve: bool, reason: str, who: Principal, now: datetime
) -> CapExceptionOut | None:
    """Approve or decline a requested exception; None if there is no such exception."""
    with db.write() as session:
        row = session.get(CapExceptionRow, exception_id)
        if row is None:
            return None
        if row.state != ExceptionState.REQUESTED.value:
            raise DecisionError(f"cap exception {exception_id} is already {row.state}")
        target = ExceptionState.APPROVED if approve else ExceptionState.DECLINED
        row.state, row.decided_by, row.decided_at = target.value, who.label, now
        row.decision_reason = reason
        audit.add(
            session,
            who,
            "approve" if approve else "decline",
            f"cap-exceptions/{row.id}",
            personal=True,
            detail={"peer_id": row.peer_id, "days": row.days},
        )
        session.flush()
        return _out(row)


def list_exceptions(db: Store, programme_id: int | None = None) -> list[CapExceptionOut]:
    query = select(CapExceptionRow).order_by(CapExceptionRow.id)
    if programme_id is not None:
        query = query.where(CapExceptionRow.programme_id == programme_id)
    with db.read() as session:
        return [_out(row) for row in session.scalars(query)]


def approved_caps(db: Store, programme_id: int) -> dict[str, int]:
    """Peer id -> approved cap in days (the latest approval wins)."""
    query = (
        select(CapExceptionRow.peer_id, CapExceptionRow.days)
        .where(
            CapExceptionRow.programme_id == programme_id,
            CapExceptionRow.state == ExceptionState.APPROVED.value,
        )
        .order_by(CapExceptionRow.decided_at, CapExceptionRow.id)
    )
    with db.read() as session:
        return {peer_id: days for peer_id, days in session.execute(query)}
