"""The Encoding: a programme's numeric MatchingProblem plus what reads a solution back.

Shared by the encoder (matcher.encoding.encode, .parts, .constraints),
decoding and the jobs; kept apart so those modules import it without a cycle.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.eligibility import Eligibility
from matcher.models import Challenge, PlacementStatus, Seat
from matcher.plan_usage import PlanUsage
from matcher.programme import Programme, busy_period
from solver.problem import MatchingProblem


class EncodingError(ValueError):
    """The programme cannot be encoded (e.g. a confirmed placement breaks a hard rule)."""


@dataclass(frozen=True)
class FixedRest:
    """The rest of the year, held fixed, when only some teams are encoded: its rows
    (`keep` of the plan) take days (H4, S4 utilisation), group-office seats (S4 shares)
    and form teams that continuity (S5) reads."""

    plan: PlanUsage
    keep: np.ndarray

    def days(self, year: int) -> np.ndarray:
        """Days the fixed rows charge each peer in financial year `year`."""
        return self.plan.days_taken(self.keep, year)

    def office_seats(self) -> Counter:
        return self.plan.office_seats(self.keep)

    def team(self, challenge_id: str) -> list:
        """The fixed rows of one challenge (none when that challenge is encoded)."""
        rows = self.keep & (self.plan.columns.challenge == challenge_id)
        return [self.plan.rows[i] for i in np.flatnonzero(rows)]


@dataclass
class Encoding:
    """The problem plus what is needed to read a solution back in domain terms."""

    problem: MatchingProblem
    programme: Programme
    eligibility: Eligibility
    seats: list[Seat]
    teams: list[Challenge]
    option_dates: list[date]
    candidate_pairs: int = 0
    fixed: FixedRest | None = None
    """The rest of the year when `teams` are only some of the programme's (None: all)."""


def option_window(challenge: Challenge, start: date) -> tuple[int, int]:
    first, last = busy_period(challenge, start)
    return first.toordinal(), last.toordinal()


def proposed_and_confirmed(programme: Programme):
    """(proposed, confirmed) placements as sets of (challenge, seat, peer)."""
    proposed, confirmed = set(), set()
    for pl in programme.placements:
        key = (pl.challenge_id, pl.seat_id, pl.peer_id)
        (confirmed if pl.status is PlacementStatus.CONFIRMED else proposed).add(key)
    return proposed, confirmed
