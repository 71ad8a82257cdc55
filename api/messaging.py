"""What is due to be sent, and sending it (issue 13 "Messages").

A sweep reads the placement workflow and the service clock: each state change that
someone must hear about (a member peer proposed, put forward, confirmed, not selected,
withdrawn) and each member-peer proposal waiting 7 days (reminder) or more than 10
(overdue, the same cut-off as GET /placements/overdue) becomes a notice. Notices to one
group office are gathered into one message per sweep; peers hear about their own
placement; managers about a withdrawal.

Each notice is claimed (api_notices, unique per placement and kind) before its message
is sent, so two sweeps never send the same notice twice: delivery is at most once.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from api.outbox import contact_of, outbox_row
from api.placement_dates import line, on_site
from api.state import Services
from matcher.messages import Audience, Kind, Letter, MailSettings, Status, send
from matcher.messages.compose import group_office_letter, peer_letter, withdrawal_letter
from matcher.models import PeerKind
from matcher.store import NotFoundError
from matcher.store.peer_year import NoticeRow
from matcher.store.service_tables import PlacementEventRow, PlacementRow
from matcher.workflow import State

log = logging.getLogger("peermatch.api.messages")
_SWEEP = threading.Lock()
"""One sweep at a time in this process (the notices' unique index guards the rest)."""
EVENT_KINDS = (Kind.PROPOSED, Kind.PUT_FORWARD, Kind.CONFIRMED, Kind.NOT_SELECTED, Kind.WITHDRAWN)
"""Workflow states whose arrival is told to someone (each Kind value is the State's)."""

Notice = tuple[Kind, PlacementRow, str]
"""A notice: its kind, the placement and the note of the change."""


def _event_notices(session) -> list[Notice]:
    noticed = exists().where(
        NoticeRow.placement_id == PlacementRow.id, NoticeRow.kind == PlacementEventRow.to_state
    )
    query = (
        select(PlacementEventRow, PlacementRow)
        .join(PlacementRow, PlacementRow.id == PlacementEventRow.placement_id)
        .where(PlacementEventRow.to_state.in_([k.value for k in EVENT_KINDS]), ~noticed)
        .order_by(PlacementEventRow.id)
    )
    found = []
    for event, row in session.execute(query):
        kind = Kind(event.to_state)
        if kind is Kind.PROPOSED and row.peer_kind != PeerKind.MEMBER.value:
            continue  # officer peers skip the group office (api.workflow)
        found.append((kind, row, event.note))
    return found


def _waiting_notices(session, now: datetime, mail: MailSettings, overdue_days: int) -> list:
    """Member-peer proposals past the reminder day, or overdue (strictly > overdue_days)."""
    overdue_cut = now - timedelta(days=overdue_days)
    reminder_cut = now - timedelta(days=mail.reminder_days)
    found = []
    for kind, lower, upper in (
        (Kind.OVERDUE, None, overdue_cut),
        (Kind.REMINDER, overdue_cut, reminder_cut),
    ):
        noticed = exists().where(NoticeRow.placement_id == PlacementRow.id, NoticeRow.kind == kind)
        query = select(PlacementRow).where(
            PlacementRow.state == State.PROPOSED.value,
            PlacementRow.peer_kind == PeerKind.MEMBER.value,
            PlacementRow.waiting_since < upper
            if kind is Kind.OVERDUE
            else PlacementRow.waiting_since.between(lower, upper),
            ~noticed,
        )
        found += [(kind, row, "") for row in session.scalars(query.order_by(PlacementRow.id))]
    return found


def _claim(services: Services, notices: list[Notice], now: datetime) -> bool:
    """Record the notices as taken; False if another sweep took any of them first."""
    try:
        with services.store.write() as session:
            for kind, row, _ in notices:
                session.add(NoticeRow(placement_id=row.id, kind=kind.value, at=now))
    except IntegrityError:
        return False
    return True


def _stale_news(notice: Notice) -> bool:
    """A proposal its group office answered before the sweep: claimed, not announced."""
    kind, row, _ = notice
    return kind is Kind.PROPOSED and row.state != State.PROPOSED.value


def _groups(notices: list[Notice]) -> dict[tuple, list[Notice]]:
    """One message per group office and kind; one per placement for peers and managers."""
    groups: dict[tuple, list[Notice]] = defaultdict(list)
    for notice in notices:
        kind, row, _ = notice
        if kind in (Kind.PROPOSED, Kind.REMINDER, Kind.OVERDUE):
            key: tuple = (row.programme_id, kind, row.group_office or "", 0)
        else:
            key = (row.programme_id, kind, row.peer_id, row.id)
        groups[key].append(notice)
    return groups


def dispatch(services: Services, now: datetime) -> dict[str, int]:
    """Send everything due now; counts of messages per status."""
    counts: dict[str, int] = defaultdict(int)
    with _SWEEP:
        with services.store.read() as session:
            notices = _event_notices(session) + _waiting_notices(
                session, now, services.settings.mail, services.settings.overdue_days
            )
            session.expunge_all()
        stale = [n for n in notices if _stale_news(n)]
        if stale:
            _claim(services, stale, now)
        fresh = [n for n in notices if not _stale_news(n)]
        for key, group in sorted(_groups(fresh).items(), key=lambda kv: str(kv[0])):
            if not _claim(services, group, now):
                continue  # another sweep took it
            status = _send_group(services, key, group, now)
            if status is not None:
                counts[status.value] += 1
    return dict(counts)


def _send_group(services: Services, key: tuple, group: list[Notice], now: datetime):
    programme_id, kind, _, _ = key
    try:
        programme = services.programmes.get(programme_id)
    except NotFoundError:
        return None  # deleted since: its placements go with it
    rows = [row for _, row, _ in group]
    dates = on_site(services.store, programme, rows)
    lines = [line(programme, row, dates[row.id]) for row in rows if row.id in dates]
    if not lines:
        return None
    letter, to = _letter(services, kind, rows[0], lines, group[0][2])
    return _deliver(services, programme_id, letter, to, rows, now)


def _letter(services: Services, kind: Kind, row: PlacementRow, lines, note: str):
    mail, settings = services.settings.mail, services.settings
    if kind in (Kind.PROPOSED, Kind.REMINDER, Kind.OVERDUE):
        office = row.group_office or ""
        days = {
            Kind.PROPOSED: settings.overdue_days,
            Kind.REMINDER: mail.reminder_days,
            Kind.OVERDUE: settings.overdue_days,
        }[kind]
        address = {o.value: a for o, a in mail.group_offices.items()}.get(office)
        return group_office_letter(kind, office, lines, days), [address] if address else []
    if kind is Kind.WITHDRAWN:
        return withdrawal_letter(lines[0], note), list(mail.managers)
    contact = contact_of(services.store, row.programme_id, row.peer_id)
    return peer_letter(kind, lines[0]), [contact] if contact else []


def _deliver(
    services: Services, programme_id: int, letter: Letter, to: list[str], rows, now: datetime
) -> Status:
    status, error = send(services.settings.mail, to, letter.subject, letter.body)
    first = rows[0]
    with services.store.write() as session:
        message = outbox_row(
            programme_id,
            letter,
            to,
            (status, error),
            now,
            group_office=first.group_office,
            peer_id=first.peer_id if letter.audience is Audience.PEER else None,
            placements=[(r.id, r.peer_id) for r in rows],
        )
        session.add(message)
        session.flush()
        for notice in session.scalars(
            select(NoticeRow).where(
                NoticeRow.placement_id.in_([r.id for r in rows]),
                NoticeRow.kind == letter.kind.value,
            )
        ):
            notice.message_id = message.id
    return status


class Sweeper:
    """Sends what is due every `mail.interval_s` seconds in a daemon thread (0: off)."""

    def __init__(self, services: Services):
        self.services = services
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if self.services.settings.mail.interval_s > 0:
            self.thread = threading.Thread(target=self._run, name="peermatch-mail", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        interval = self.services.settings.mail.interval_s
        while not self.stopping.wait(interval):
            try:
                dispatch(self.services, self.services.clock())
            except Exception:  # a bad sweep must not end the loop; the next one retries
                log.exception("sending due messages failed")

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=5)
