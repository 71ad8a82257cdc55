"""The Programme: one loaded programme folder plus the reference councils, as a value.

Loading (matcher.io) builds it only from fully valid input, so everything here may assume
referential integrity: every peer id, council code and challenge id it mentions exists.
The date helpers encode DOMAIN.md's "precise readings" once, for the encoder, the greedy
baseline and the independent validator alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from matcher.councils import CouncilRegistry
from matcher.models import (
    Challenge,
    Conflict,
    PastPlacement,
    Peer,
    PeerKind,
    Placement,
    Seat,
    Unavailability,
)
from matcher.settings import ProgrammeSettings
from matcher.templates import default_seats

MONDAY = 0


def start_options(challenge: Challenge) -> list[date]:
    """Allowed start dates: the fixed date, or every Monday in a wider window."""
    if challenge.earliest_start == challenge.latest_start:
        return [challenge.earliest_start]
    first = challenge.earliest_start
    day = first + timedelta(days=(MONDAY - first.weekday()) % 7)
    options = []
    while day <= challenge.latest_start:
        options.append(day)
        day += timedelta(days=7)
    return options


def onsite_end(challenge: Challenge, start: date) -> date:
    """Last onsite day: start + onsite_days - 1."""
    return start + timedelta(days=challenge.onsite_days - 1)


def busy_period(challenge: Challenge, start: date) -> tuple[date, date]:
    """H3: the inclusive days a seat keeps its peer busy (the evening before included)."""
    return start - timedelta(days=1), onsite_end(challenge, start)


@dataclass(frozen=True, eq=False)
class Programme:
    """A whole, valid programme: peers, challenges, seats, placements, settings, councils."""

    councils: CouncilRegistry
    peers: tuple[Peer, ...]
    challenges: tuple[Challenge, ...]
    seats: tuple[Seat, ...] = ()
    """Explicit seat rows only (as in the `seats` file); see `all_seats` for templates."""
    unavailability: tuple[Unavailability, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    placements: tuple[Placement, ...] = ()
    history: tuple[PastPlacement, ...] = ()
    """Placements of earlier years (S8 fresh eyes)."""
    settings: ProgrammeSettings = field(default_factory=ProgrammeSettings)

    @cached_property
    def peer_by_id(self) -> dict[str, Peer]:
        return {p.peer_id: p for p in self.peers}

    @cached_property
    def challenge_by_id(self) -> dict[str, Challenge]:
        return {c.challenge_id: c for c in self.challenges}

    @cached_property
    def seats_by_challenge(self) -> dict[str, list[Seat]]:
        """Every challenge's seats: its explicit rows, else its type's default template."""
        explicit: dict[str, list[Seat]] = defaultdict(list)
        for seat in self.seats:
            explicit[seat.challenge_id].append(seat)
        return {
            c.challenge_id: explicit.get(c.challenge_id)
            or default_seats(c, self.councils.by_code.get(c.council))
            for c in self.challenges
        }

    @cached_property
    def all_seats(self) -> list[Seat]:
        return [s for c in self.challenges for s in self.seats_by_challenge[c.challenge_id]]

    @cached_property
    def seat_by_key(self) -> dict[tuple[str, str], Seat]:
        return {(s.challenge_id, s.seat_id): s for s in self.all_seats}

    @cached_property
    def unavailability_by_peer(self) -> dict[str, list[Unavailability]]:
        grouped: dict[str, list[Unavailability]] = defaultdict(list)
        for row in self.unavailability:
            grouped[row.peer_id].append(row)
        return dict(grouped)

    @cached_property
    def conflicts_by_peer(self) -> dict[str, list[Conflict]]:
        grouped: dict[str, list[Conflict]] = defaultdict(list)
        for row in self.conflicts:
            grouped[row.peer_id].append(row)
        return dict(grouped)

    @cached_property
    def financial_year(self) -> int:
        """The programme's financial year (the one `days_used` refers to)."""
        if self.settings.financial_year_start is not None:
            return self.settings.financial_year_start.year
        starts = [c.earliest_start for c in self.challenges]
        return self.settings.financial_year_of(min(starts)) if starts else date.today().year

    def financial_year_of(self, day: date) -> int:
        return self.settings.financial_year_of(day)

    def cap_of(self, peer: Peer) -> int:
        """H4: the peer's approved exception, else the member or officer default."""
        if peer.cap_days is not None:
            return peer.cap_days
        if peer.kind is PeerKind.MEMBER:
            return self.settings.member_cap_days
        return self.settings.officer_cap_days

    def days_used_in(self, peer: Peer, financial_year: int) -> int:
        """Days already used in `financial_year` (days_used is for the programme's year)."""
        return peer.days_used if financial_year == self.financial_year else 0

    def leader_party(self, challenge: Challenge):
        """H7: the challenge's override, else the council's controlling/largest party."""
        return challenge.leader_party or self.councils[challenge.council].leader_party
