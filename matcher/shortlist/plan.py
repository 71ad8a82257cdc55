"""The rest of the year as arrays: who is busy when, and how many days each peer has used.

A shortlist for one challenge C is made *against* the existing plan: the programme's
placements (proposed and confirmed) plus, optionally, an assignments file such as a batch
run's output. Those peers' busy periods count toward H3 and their charged days toward H4
for C, exactly as matcher.batch.unfilled.PlanState reads them, but held as numpy columns so a
request masks 10,000 peers in microseconds. Rows of C itself are left out per request:
the shortlist proposes C's team anew.

A placement carries no date: where no assignments row gives its seat a start, it is taken
at the challenge's first allowed start (fixed-date challenges, the usual case for placed
seats, have only one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.models import Assignment, PeerKind
from matcher.programme import Programme, busy_period, onsite_end, start_options


def plan_rows(programme: Programme, assignments: Sequence[Assignment] = ()) -> list[Assignment]:
    """The existing plan: the assignments given, plus every placement whose seat they leave
    empty (at the challenge's first start; see the module docstring)."""
    rows = list(assignments)
    filled = {(a.challenge_id, a.seat_id) for a in rows}
    for pl in programme.placements:
        if (pl.challenge_id, pl.seat_id) in filled:
            continue
        challenge = programme.challenge_by_id[pl.challenge_id]
        start = start_options(challenge)[0]
        rows.append(
            Assignment(
                challenge_id=pl.challenge_id,
                seat_id=pl.seat_id,
                peer_id=pl.peer_id,
                start_date=start,
                end_date=onsite_end(challenge, start),
            )
        )
        filled.add((pl.challenge_id, pl.seat_id))
    return rows


@dataclass
class PlanArrays:
    """One row per plan assignment: peer index, busy days (ordinals), charged days, year."""

    rows: list[Assignment]
    peer: np.ndarray
    first: np.ndarray
    last: np.ndarray
    charged: np.ndarray
    """Days the row charges to the peer's cap (0 for shadow seats: H4)."""
    year: np.ndarray
    challenge: np.ndarray
    """Row's challenge id (object array), to leave a challenge's own rows out."""
    office: np.ndarray
    """Group office of a non-shadow member row (S4 shares), '' otherwise."""

    @classmethod
    def build(
        cls, programme: Programme, peer_index: dict[str, int], rows: list[Assignment]
    ) -> PlanArrays:
        peer, first, last, charged, year, office = [], [], [], [], [], []
        for a in rows:
            challenge = programme.challenge_by_id[a.challenge_id]
            seat = programme.seat_by_key[(a.challenge_id, a.seat_id)]
            p = programme.peer_by_id[a.peer_id]
            lo, hi = busy_period(challenge, a.start_date)
            peer.append(peer_index[a.peer_id])
            first.append(lo.toordinal())
            last.append(hi.toordinal())
            charged.append(0 if seat.shadow else challenge.charged_days)
            year.append(programme.financial_year_of(a.start_date))
            member = p.kind is PeerKind.MEMBER and not seat.shadow and p.group_office
            office.append(p.group_office.value if member else "")
        as_int = np.array
        return cls(
            rows,
            as_int(peer, dtype=np.int64),
            as_int(first, dtype=np.int64),
            as_int(last, dtype=np.int64),
            as_int(charged, dtype=np.int64),
            as_int(year, dtype=np.int64),
            np.array([a.challenge_id for a in rows], dtype=object),
            np.array(office, dtype=object),
        )

    def others(self, challenge_id: str) -> np.ndarray:
        """Mask of the rows that belong to other challenges than `challenge_id`."""
        return self.challenge != challenge_id

    def busy_mask(self, n_peers: int, keep: np.ndarray, first: int, last: int) -> np.ndarray:
        """H3: peers with a kept plan row whose busy period overlaps [first, last]."""
        hit = keep & (self.first <= last) & (self.last >= first)
        out = np.zeros(n_peers, dtype=bool)
        out[self.peer[hit]] = True
        return out

    def days(self, n_peers: int, keep: np.ndarray, year: int) -> np.ndarray:
        """H4: days the kept rows charge each peer in financial year `year`."""
        sel = keep & (self.year == year)
        return np.bincount(self.peer[sel], weights=self.charged[sel], minlength=n_peers).astype(
            np.int64
        )

    def office_seats(self, keep: np.ndarray) -> Counter:
        """S4: non-shadow member seats per group office among the kept rows."""
        return Counter(o for o in self.office[keep].tolist() if o)

    def team(self, challenge_id: str) -> list[Assignment]:
        return [a for a in self.rows if a.challenge_id == challenge_id]

    def holder_rows(self, peer_idx: int, keep: np.ndarray) -> list[Assignment]:
        """The kept plan rows of one peer (for messages and validation)."""
        return [self.rows[i] for i in np.flatnonzero(keep & (self.peer == peer_idx))]
