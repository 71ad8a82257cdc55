"""Re-planning when a peer withdraws from a challenge: confirmed placements stay pinned.

Two answers, both validated: the best *replacement* for the vacated seat with every other
seat of the team kept as it is, and the least disruptive *re-shuffle* in which the
team's unconfirmed seats may move, each change costing S7 points (the current holders of
unconfirmed seats count as proposed placements, so keeping them is preferred). Both keep
the team's start. The withdrawal is applied to a copy of the programme (its placement
removed, the peer out of this challenge's pool); the caller's programme is never edited.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from matcher.models import Placement, PlacementStatus
from matcher.programme import Programme
from matcher.shortlist.candidates import ChallengeView
from matcher.shortlist.index import ShortlistIndex
from matcher.shortlist.problem import best_teams, build
from matcher.shortlist.shortlist import TeamOption, team_option
from matcher.shortlist.verify import check_team


@dataclass
class Replacement:
    challenge_id: str
    peer_id: str
    seat_id: str
    programme: Programme
    """The programme after the withdrawal (the answers validate against it)."""
    replacement: TeamOption | None
    reshuffle: TeamOption | None
    changed_seats: list[str]
    diagnosis: object | None = None


def withdrawn_programme(
    index: ShortlistIndex, challenge_id: str, peer_id: str
) -> tuple[Programme, str]:
    """The programme without the peer's placement; the rest of the current team (plan rows
    of the challenge) recorded as placements, unconfirmed ones as proposed (S7)."""
    prog = index.programme
    team = index.plan.team(challenge_id)
    seat_id = next((a.seat_id for a in team if a.peer_id == peer_id), None)
    if seat_id is None:
        raise ValueError(f"{peer_id} holds no seat of {challenge_id} in the plan")
    confirmed = {
        (pl.seat_id, pl.peer_id)
        for pl in index.placements_of(challenge_id, PlacementStatus.CONFIRMED)
    }
    others = [pl for pl in prog.placements if pl.challenge_id != challenge_id]
    mine = [
        Placement(
            challenge_id=challenge_id,
            seat_id=a.seat_id,
            peer_id=a.peer_id,
            status=PlacementStatus.CONFIRMED
            if (a.seat_id, a.peer_id) in confirmed
            else PlacementStatus.PROPOSED,
        )
        for a in team
        if a.peer_id != peer_id
    ]
    return dataclasses.replace(prog, placements=tuple(others + mine)), seat_id


def replace(index: ShortlistIndex, challenge_id: str, peer_id: str) -> Replacement:
    """The best replacement for the vacated seat, and the least disruptive re-shuffle."""
    prog, seat_id = withdrawn_programme(index, challenge_id, peer_id)
    rows = [
        a for a in index.plan.rows if not (a.challenge_id == challenge_id and a.peer_id == peer_id)
    ]
    new = ShortlistIndex(prog, [a for a in rows if a.challenge_id != challenge_id])
    team = [a for a in rows if a.challenge_id == challenge_id]
    # The team keeps its dates: the peers who stay have planned their weeks around them.
    dates = [team[0].start_date] if team else None
    view = ChallengeView.of(new, challenge_id, dates, exclude_peers={peer_id})
    current = {a.seat_id: a.peer_id for a in team}
    seat_of = {s.seat_id: i for i, s in enumerate(view.seats)}
    keep = [(seat_of[s], new.peer_idx(p)) for s, p in current.items()]
    must = {}
    for s, q in keep:
        must[s] = np.zeros(view.n, dtype=bool)
        must[s][q] = True
    built = build(view, must=must)
    kept = best_teams(built, 1, 1, keep)
    replacement = team_option(built, kept[0], 1, 5) if kept else None
    reshuffled = best_teams(built, 1, 1)
    reshuffle = team_option(built, reshuffled[0], 2, 5) if reshuffled else None
    for option in (replacement, reshuffle):
        if option:
            check_team(new, challenge_id, option.assignments)
    changed = sorted(
        a.seat_id
        for a in (reshuffle.assignments if reshuffle else [])
        if current.get(a.seat_id) != a.peer_id
    )
    result = Replacement(challenge_id, peer_id, seat_id, prog, replacement, reshuffle, changed)
    if replacement is None and reshuffle is None:
        from matcher.shortlist.diagnose import diagnose_challenge

        result.diagnosis = diagnose_challenge(new, challenge_id, frozenset({peer_id}))
    return result
