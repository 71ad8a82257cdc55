"""Training and conference attendance that lapses soon (issue 13).

H6 (DOMAIN.md): a member peer needs peer training and a peer conference within the last
3 years of a challenge's start. Each therefore lapses 3 years after it was attended; a
peer whose training or conference lapses in the next few months should book the next
one now. Training counts whether attended or booked (H6 reads either), so the later of
the two dates lapses. Waived peers (training_waived) never lapse.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from matcher.models import Peer, PeerKind
from matcher.rules.h6_eligibility import TRAINING_YEARS


@dataclass(frozen=True)
class Lapse:
    peer: Peer
    what: str
    """training or conference"""
    attended_on: date | None
    lapses_on: date | None
    """The first day it no longer counts; None: never attended (lapsed already)."""


def lapses_on(attended: date) -> date:
    """The first start date H6 no longer accepts it for: attended + 3 years + 1 day
    (H6 counts it while attended >= start - 3 years; 29 February lapses on 1 March)."""
    try:
        return attended.replace(year=attended.year + TRAINING_YEARS) + timedelta(days=1)
    except ValueError:
        return date(attended.year + TRAINING_YEARS, 3, 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def lapsing(peers: list[Peer], today: date, months: int, *, include_lapsed: bool) -> list[Lapse]:
    """Member peers whose training or conference lapses before today + `months`
    (and, with include_lapsed, those already lapsed or never recorded)."""
    horizon = add_months(today, months)
    found = []
    for peer in peers:
        if peer.kind is not PeerKind.MEMBER or peer.training_waived:
            continue
        training = max((d for d in (peer.trained_on, peer.training_booked_on) if d), default=None)
        for what, attended in (("training", training), ("conference", peer.conference_on)):
            ends = lapses_on(attended) if attended else None
            upcoming = ends is not None and today <= ends < horizon
            past = ends is None or ends < today
            if upcoming or (include_lapsed and past):
                found.append(Lapse(peer, what, attended, ends))
    return sorted(found, key=lambda x: (x.lapses_on or date.min, x.peer.name, x.what))
