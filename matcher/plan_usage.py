"""What the rest of a plan occupies: the one structure behind the plan-dependent rules.

H3 (busy on another challenge that week), H4 (days taken by other seats of this plan),
H7 (the team's other member peers' parties) and H8 (home councils already on a team)
depend on the rest of the plan, not on the peer alone. The batch's unfilled explanations
and repair (matcher.batch), the shortlist (matcher.shortlist) and the what-if gap inputs
(matcher.whatif) all read them from a PlanUsage, so the three agree on what "the rest of
the plan" means.

Two views of the same rows are kept, because the callers ask in two shapes:

- per peer / per team (`busy`, `days`, `teams`, `team_homes`, `team_parties`): the plan
  checks of matcher.rules look at one peer at a time, and the batch repair adds rows one
  by one (`add`);
- numpy columns (`busy_mask`, `days_taken`, `office_seats`): the shortlist masks every
  peer of a 10,000-peer pool per request in microseconds. They are built on first use and
  rebuilt after an `add`.

`keep` arguments are row masks (`others(challenge_id)`: every row but one challenge's),
since a shortlist proposes its challenge's team anew.

`with_placements` turns each placed seat that no assignment fills into a plan row with
`placement_assignment`: at the placement's own start where it names one (a confirmed team
keeps its dates, issue 12), else at the challenge's first allowed start (fixed-date
challenges, the usual case for placed seats, have only one).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import numpy as np

from matcher.models import Assignment, PeerKind
from matcher.programme import Programme, busy_period, onsite_end, start_options


class PlacedSeat(Protocol):
    """What a placed seat names, whether a stored Placement or a workflow step's seat."""

    challenge_id: str
    seat_id: str
    peer_id: str
    start_date: date | None


def placed_start(programme: Programme, placement: PlacedSeat) -> date:
    """The placement's own start, or its challenge's first allowed start when it names
    none (a proposal made before placements carried dates)."""
    if placement.start_date is not None:
        return placement.start_date
    return start_options(programme.challenge_by_id[placement.challenge_id])[0]


def placement_assignment(programme: Programme, placement: PlacedSeat) -> Assignment:
    """`placement` as a plan row at `placed_start` (the one reading for the shortlist, the
    what-if, the usage report and the workflow's step checks)."""
    challenge = programme.challenge_by_id[placement.challenge_id]
    start = placed_start(programme, placement)
    return Assignment(
        challenge_id=placement.challenge_id,
        seat_id=placement.seat_id,
        peer_id=placement.peer_id,
        start_date=start,
        end_date=onsite_end(challenge, start),
    )


def with_placements(
    programme: Programme, assignments: Sequence[Assignment] = ()
) -> list[Assignment]:
    """The assignments given, plus every placement whose seat they leave empty (at the
    challenge's first start; see the module docstring)."""
    rows = list(assignments)
    filled = {(a.challenge_id, a.seat_id) for a in rows}
    for pl in programme.placements:
        if (pl.challenge_id, pl.seat_id) in filled:
            continue
        rows.append(placement_assignment(programme, pl))
        filled.add((pl.challenge_id, pl.seat_id))
    return rows


@dataclass
class _Columns:
    """One entry per row: peer index, busy days (ordinals), charged days, year, team."""

    peer: np.ndarray
    first: np.ndarray
    last: np.ndarray
    charged: np.ndarray
    """Days the row charges to the peer's cap (0 for shadow seats: H4)."""
    year: np.ndarray
    challenge: np.ndarray
    office: np.ndarray
    """Group office of a non-shadow member row (S4 shares), '' otherwise."""


class PlanUsage:
    """The rows of a plan and what they occupy, per peer and per team (module docstring)."""

    def __init__(self, programme: Programme, assignments: Sequence[Assignment] = ()):
        self.programme = programme
        self.peer_index = {p.peer_id: i for i, p in enumerate(programme.peers)}
        self.rows: list[Assignment] = []
        self.busy: dict[str, list[tuple[str, date, date]]] = defaultdict(list)
        """Per peer: (challenge_id, first busy day, last busy day) of each row (H3)."""
        self.days: Counter = Counter()
        """(peer_id, financial year) -> days the rows charge (H4; shadow seats charge none)."""
        self.teams: dict[str, set[str]] = defaultdict(set)
        """Per challenge: its peers (H8 covers H2)."""
        self.team_homes: dict[str, set[str]] = defaultdict(set)
        """Per challenge: home councils of its peers (H8)."""
        self.team_parties: dict[str, list] = defaultdict(list)
        """Per challenge: parties of its non-shadow member peers (H7)."""
        self._columns: _Columns | None = None
        for a in assignments:
            self.add(a)

    def add(self, a: Assignment) -> None:
        """Take one more row into account."""
        programme = self.programme
        challenge = programme.challenge_by_id[a.challenge_id]
        seat = programme.seat_by_key[(a.challenge_id, a.seat_id)]
        peer = programme.peer_by_id[a.peer_id]
        self.rows.append(a)
        self.busy[a.peer_id].append((a.challenge_id, *busy_period(challenge, a.start_date)))
        self.teams[a.challenge_id].add(a.peer_id)
        self.team_homes[a.challenge_id].add(peer.home_council)
        if not seat.shadow:
            year = programme.financial_year_of(a.start_date)
            self.days[(a.peer_id, year)] += challenge.charged_days
            if peer.kind is PeerKind.MEMBER:
                self.team_parties[a.challenge_id].append(peer.party)
        self._columns = None

    def overlaps(self, peer_id: str, first: date, last: date, other_than: str = "") -> bool:
        """H3: a row of the peer (on a challenge other than `other_than`) is busy on a day
        of [first, last]."""
        return any(
            a <= last and first <= b for cid, a, b in self.busy[peer_id] if cid != other_than
        )

    @property
    def columns(self) -> _Columns:
        """The rows as numpy columns (built on first use, after each `add`)."""
        if self._columns is None:
            self._columns = self._build_columns()
        return self._columns

    def _build_columns(self) -> _Columns:
        programme = self.programme
        peer, first, last, charged, year, office = [], [], [], [], [], []
        for a in self.rows:
            challenge = programme.challenge_by_id[a.challenge_id]
            seat = programme.seat_by_key[(a.challenge_id, a.seat_id)]
            p = programme.peer_by_id[a.peer_id]
            lo, hi = busy_period(challenge, a.start_date)
            peer.append(self.peer_index[a.peer_id])
            first.append(lo.toordinal())
            last.append(hi.toordinal())
            charged.append(0 if seat.shadow else challenge.charged_days)
            year.append(programme.financial_year_of(a.start_date))
            member = p.kind is PeerKind.MEMBER and not seat.shadow and p.group_office
            office.append(p.group_office.value if member else "")
        return _Columns(
            np.array(peer, dtype=np.int64),
            np.array(first, dtype=np.int64),
            np.array(last, dtype=np.int64),
            np.array(charged, dtype=np.int64),
            np.array(year, dtype=np.int64),
            np.array([a.challenge_id for a in self.rows], dtype=object),
            np.array(office, dtype=object),
        )

    @property
    def n_peers(self) -> int:
        return len(self.peer_index)

    def others(self, challenge_id: str) -> np.ndarray:
        """Row mask: the rows that belong to other challenges than `challenge_id`."""
        return self.columns.challenge != challenge_id

    def busy_mask(self, keep: np.ndarray, first: int, last: int) -> np.ndarray:
        """H3: peers with a kept row whose busy period overlaps [first, last] (ordinals)."""
        c = self.columns
        hit = keep & (c.first <= last) & (c.last >= first)
        out = np.zeros(self.n_peers, dtype=bool)
        out[c.peer[hit]] = True
        return out

    def days_taken(self, keep: np.ndarray, year: int) -> np.ndarray:
        """H4: days the kept rows charge each peer in financial year `year`."""
        c = self.columns
        sel = keep & (c.year == year)
        return np.bincount(c.peer[sel], weights=c.charged[sel], minlength=self.n_peers).astype(
            np.int64
        )

    def office_seats(self, keep: np.ndarray) -> Counter:
        """S4: non-shadow member seats per group office among the kept rows."""
        return Counter(o for o in self.columns.office[keep].tolist() if o)

    def team(self, challenge_id: str) -> list[Assignment]:
        """The rows of one challenge."""
        return [a for a in self.rows if a.challenge_id == challenge_id]

    def holder_rows(self, peer_idx: int, keep: np.ndarray) -> list[Assignment]:
        """The kept rows of one peer (for messages and validation)."""
        return [self.rows[i] for i in np.flatnonzero(keep & (self.columns.peer == peer_idx))]
