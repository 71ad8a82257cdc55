"""Placements as an iCalendar file (RFC 5545) for peers, group offices and managers.

Each placement gives two events: the evening-before team meeting (DOMAIN.md H3: the
peer is busy from the evening before) and the onsite days as one all-day event. A
confirmed placement is CONFIRMED, one put forward or selected is TENTATIVE. Times are
Europe/London wall-clock times, since every challenge is at an English or Welsh council.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")
MEETING = (time(18, 0), time(20, 0))
"""The team meeting on the evening before the first onsite day."""
PRODID = "-//LGA peer challenges//peermatch//EN"


@dataclass(frozen=True)
class Booking:
    """One placement as a calendar shows it."""

    uid: str
    peer_name: str
    council_name: str
    challenge_id: str
    challenge_type: str
    seat_id: str
    start: date
    end: date
    confirmed: bool
    dates_settled: bool


def calendar(name: str, bookings: list[Booking], stamp: datetime) -> bytes:
    """The .ics bytes: per booking the team meeting and the onsite days."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for booking in sorted(bookings, key=lambda b: (b.start, b.uid)):
        cal.add_component(_onsite(booking, stamp))
        cal.add_component(_meeting(booking, stamp))
    cal.add_missing_timezones()  # VTIMEZONE for Europe/London, so every client agrees
    return cal.to_ical()


def _common(event: Event, booking: Booking, stamp: datetime, uid: str) -> None:
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("status", "CONFIRMED" if booking.confirmed else "TENTATIVE")
    event.add("location", booking.council_name)
    state = "confirmed" if booking.confirmed else "put forward, not yet confirmed"
    dates = "" if booking.dates_settled else " Dates provisional: the start is not yet settled."
    event.add(
        "description",
        f"{booking.peer_name}, seat {booking.seat_id} on {booking.challenge_id} "
        f"({booking.challenge_type.replace('_', ' ')}); {state}.{dates}",
    )


def _onsite(booking: Booking, stamp: datetime) -> Event:
    event = Event()
    _common(event, booking, stamp, f"{booking.uid}-onsite@peermatch")
    event.add("summary", f"Peer challenge at {booking.council_name} ({booking.peer_name})")
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end + timedelta(days=1))  # all-day DTEND is exclusive
    return event


def _meeting(booking: Booking, stamp: datetime) -> Event:
    event = Event()
    _common(event, booking, stamp, f"{booking.uid}-team-meeting@peermatch")
    eve = booking.start - timedelta(days=1)
    event.add("summary", f"Team meeting: {booking.council_name} ({booking.peer_name})")
    event.add("dtstart", datetime.combine(eve, MEETING[0], LONDON))
    event.add("dtend", datetime.combine(eve, MEETING[1], LONDON))
    return event
