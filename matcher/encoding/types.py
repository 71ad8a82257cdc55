"""The Encoding: a programme's numeric MatchingProblem plus what reads a solution back.

Shared by the encoder (matcher.encoding.encode, .parts, .constraints),
decoding and the jobs; kept apart so those modules import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.eligibility import Eligibility
from matcher.models import Challenge, PlacementStatus, Seat
from matcher.programme import Programme, busy_period
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


def proposed_and_confirmed(programme: Programme):
    """(proposed, confirmed) placements as sets of (challenge, seat, peer)."""
    proposed, confirmed = set(), set()
    for pl in programme.placements:
        key = (pl.challenge_id, pl.seat_id, pl.peer_id)
        (confirmed if pl.status is PlacementStatus.CONFIRMED else proposed).add(key)
    return proposed, confirmed
