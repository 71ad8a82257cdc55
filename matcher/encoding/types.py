"""The Encoding: a programme's numeric MatchingProblem plus what reads a solution back.

Shared by the encoder (matcher.encoding.encode, .parts, .constraints),
decoding and the jobs; kept apart so those modules import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.eligibility import Eligibility
from matcher.models import Challenge, PlacementStatus, Seat
from matcher.programme import Programme, busy_period
from matcher.scoring import LONDON_REGION, expense_gbp, whole_pounds
from solver.problem import MatchingProblem


class EncodingError(ValueError):
    """The programme cannot be encoded (e.g. a confirmed placement breaks a hard rule)."""


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


def option_window(challenge: Challenge, start: date) -> tuple[int, int]:
    first, last = busy_period(challenge, start)
    return first.toordinal(), last.toordinal()


def pair_expenses(enc: Encoding) -> np.ndarray:
    """S3 expense in pounds of every candidate pair (vectorised, as matcher.scoring)."""
    p, reg = enc.problem, enc.programme.councils
    teams = enc.teams
    team = p.seat_team[p.pair_seat]
    client = np.array([reg.index[c.council] for c in teams], dtype=np.int64)[team]
    london = np.array([reg[c.council].region == LONDON_REGION for c in teams])[team]
    nights = np.array([c.onsite_days for c in teams], dtype=np.int64)[team]
    miles = reg.distance_miles[enc.eligibility.peers.home[p.pair_peer], client]
    return expense_gbp(miles, nights, london)


def pair_pounds(enc: Encoding) -> np.ndarray:
    return whole_pounds(pair_expenses(enc))


def proposed_and_confirmed(programme: Programme):
    """(proposed, confirmed) placements as sets of (challenge, seat, peer)."""
    proposed, confirmed = set(), set()
    for pl in programme.placements:
        key = (pl.challenge_id, pl.seat_id, pl.peer_id)
        (confirmed if pl.status is PlacementStatus.CONFIRMED else proposed).add(key)
    return proposed, confirmed
