"""Reading the outbox and keeping peers' addresses (issue 13 "Messages").

Who sees a message: managers all of them; a group office the messages to it and to its
own member peers (the same people it sees in GET /peers); a viewer none.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import Select, delete, func, select

from api.keys import Principal, Role
from matcher.messages import Letter, Status
from matcher.store import Store
from matcher.store.peer_year import ContactRow, FeedbackRow, NoticeRow, OutboxRow
from matcher.store.service_tables import PlacementRow


class MessageOut(BaseModel):
    message_id: int
    programme_id: int
    kind: str = Field(description="proposed, reminder, overdue, put_forward, confirmed, ...")
    audience: str = Field(description="group_office, peer, manager or director.")
    group_office: str | None
    peer_id: str | None = Field(description="Messages to a peer: who.")
    recipient: str | None = Field(description="Addresses it went to (none known: null).")
    subject: str
    body: str
    status: str = Field(description="sent, recorded (dry run), no_address or failed.")
    error: str
    created_at: datetime
    placement_ids: list[int]


def visible(query: Select, who: Principal) -> Select:
    if who.role is Role.MANAGER:
        return query
    return query.where(
        OutboxRow.audience.in_(["group_office", "peer"]),
        OutboxRow.group_office == who.group_office.value,
    )


def list_messages(
    db: Store,
    who: Principal,
    *,
    programme_id: int | None,
    kind: str | None,
    offset: int,
    limit: int,
) -> tuple[int, list[MessageOut]]:
    """Newest first."""
    query = visible(select(OutboxRow), who)
    if programme_id is not None:
        query = query.where(OutboxRow.programme_id == programme_id)
    if kind:
        query = query.where(OutboxRow.kind == kind)
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(OutboxRow.id.desc()).offset(offset).limit(limit))
        return total, [_out(r) for r in rows]


def _out(row: OutboxRow) -> MessageOut:
    return MessageOut(
        message_id=row.id,
        programme_id=row.programme_id,
        kind=row.kind,
        audience=row.audience,
        group_office=row.group_office,
        peer_id=row.peer_id,
        recipient=row.recipient,
        subject=row.subject,
        body=row.body,
        status=row.status,
        error=row.error,
        created_at=row.created_at,
        placement_ids=list(row.placement_ids.get("ids", [])),
    )


def outbox_row(
    programme_id: int,
    letter: Letter,
    to: list[str],
    outcome: tuple[Status, str],
    now: datetime,
    *,
    group_office: str | None,
    peer_id: str | None,
    placements: list[tuple[int, str]],
    body: str | None = None,
) -> OutboxRow:
    """The outbox's record of one message (`body`: what to keep, if not the letter's)."""
    return OutboxRow(
        programme_id=programme_id,
        kind=letter.kind.value,
        audience=letter.audience.value,
        group_office=group_office,
        peer_id=peer_id,
        recipient=", ".join(to) or None,
        subject=letter.subject,
        body=letter.body if body is None else body,
        status=outcome[0].value,
        error=outcome[1],
        created_at=now,
        placement_ids={"ids": [i for i, _ in placements], "peers": [p for _, p in placements]},
    )


def contact_of(db: Store, programme_id: int, peer_id: str) -> str | None:
    with db.read() as session:
        row = session.get(ContactRow, (programme_id, peer_id))
        return row.email if row else None


def set_contact(db: Store, programme_id: int, peer_id: str, email: str, now: datetime) -> None:
    with db.write() as session:
        row = session.get(ContactRow, (programme_id, peer_id))
        if row is None:
            session.add(
                ContactRow(programme_id=programme_id, peer_id=peer_id, email=email, updated_at=now)
            )
        else:
            row.email, row.updated_at = email, now


def forget_peer(db: Store, peer_id: str) -> dict[str, int]:
    """Erasure: the peer's address, feedback and every message naming them go (their
    past placements stay as the council's history without the peer: the store's erasure
    does that in the one history table)."""
    with db.write() as session:
        counts = {
            table.__tablename__: session.execute(
                delete(table).where(table.peer_id == peer_id)
            ).rowcount
            for table in (ContactRow, FeedbackRow)
        }
        gone = 0
        for message in session.scalars(select(OutboxRow)):
            if message.peer_id == peer_id or peer_id in message.placement_ids.get("peers", []):
                session.delete(message)
                gone += 1
        counts[OutboxRow.__tablename__] = gone
        return counts


def forget_programme(db: Store, programme_id: int) -> None:
    """A deleted programme's messages, notices, addresses and feedback go with it (call it
    before its placements go: a reused placement id must not inherit old notices)."""
    placements = select(PlacementRow.id).where(PlacementRow.programme_id == programme_id)
    with db.write() as session:
        session.execute(delete(NoticeRow).where(NoticeRow.placement_id.in_(placements)))
        for table in (ContactRow, FeedbackRow, OutboxRow):
            session.execute(delete(table).where(table.programme_id == programme_id))
