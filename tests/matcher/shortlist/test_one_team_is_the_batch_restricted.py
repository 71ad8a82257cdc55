"""A shortlist is the batch problem restricted to one team (issue 10).

On a generated S programme with S6 requests, S7 proposed placements (with starts) and a
placed year (the greedy plan), for several challenges: the unpruned batch encoding,
restricted to that challenge's team with the rest of the year fixed (solver.restrict),
and the shortlist's one-team problem (unpruned) give the same k best team costs up to
one constant, and each shortlist team, put back into the whole year, scores in the
batch's objective exactly as far from the restricted optimum as the shortlist says.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np
import pytest

from matcher.encoding.decode import assignments_from_items
from matcher.encoding.encode import encode
from matcher.encoding.parts import find_pairs
from matcher.models import Placement, PlacementStatus
from matcher.shortlist import ShortlistIndex
from matcher.shortlist.candidates import ChallengeView
from matcher.shortlist.problem import best_teams, build, seated
from solver.evaluate import evaluate
from solver.greedy import greedy
from solver.restrict import restrict
from solver.team import k_best

K = 4


@pytest.fixture(scope="module")
def placed():
    """Generated S with requests, proposals naming their start, and the greedy year."""
    from matcher.councils import CouncilRegistry
    from matcher.generate import generate_programme
    from matcher.settings import AppSettings

    prog = generate_programme("S", 2, CouncilRegistry.from_data_dir(AppSettings().data_dir))
    enc = encode(prog, top_k=None)
    p = enc.problem
    proposals = []
    for t in range(3, 60, 7):
        item = int(np.flatnonzero(p.option_team[p.item_option] == t)[-1])
        pair = int(p.item_pair[item])
        seat = enc.seats[p.pair_seat[pair]]
        proposals.append(
            Placement(
                challenge_id=seat.challenge_id,
                seat_id=seat.seat_id,
                peer_id=prog.peers[p.pair_peer[pair]].peer_id,
                status=PlacementStatus.PROPOSED,
                start_date=enc.option_dates[p.item_option[item]],
            )
        )
    prog = dataclasses.replace(prog, placements=tuple(proposals))
    enc = encode(prog, top_k=None)
    plan = greedy(enc.problem)
    return enc, plan, ShortlistIndex(prog, assignments_from_items(enc, plan))


def _full_items(enc, team: int, view, state) -> np.ndarray:
    """The batch items of a shortlist team (seat index in the view -> peer index)."""
    p = enc.problem
    first_seat = int(np.flatnonzero(p.seat_team == team)[0])
    seats, peers = zip(*sorted(state.items()), strict=True)
    pairs = find_pairs(enc, np.array(seats) + first_seat, np.array(peers))
    return np.array([np.flatnonzero(p.item_pair == q)[0] for q in pairs], dtype=np.int64)


def _at_option(enc, items: np.ndarray, start) -> np.ndarray:
    p = enc.problem
    out = []
    for item in items.tolist():
        same = np.flatnonzero(p.item_pair == p.item_pair[item])
        out.append(next(i for i in same if enc.option_dates[p.item_option[i]] == start))
    return np.array(out, dtype=np.int64)


def _total(problem, items: np.ndarray) -> int:
    broken, penalties = evaluate(problem, items)
    assert not broken, broken
    return sum(Counter(penalties).values())


# Proposals with a start (S7) at 3, 10, 38, 52; S2 minimums at 3, 10, 25, 30, hard at
# 68; a progress review (S5) at 30 and 38; an original with its review in the plan at 10
# and 25; S6 requests at 87.
@pytest.mark.parametrize("position", [3, 10, 25, 30, 38, 52, 68, 87])
def test_one_team_problem_is_the_batch_problem_restricted(placed, position):
    enc, plan, index = placed
    p = enc.problem
    free = np.zeros(p.n_teams, dtype=bool)
    free[position] = True
    restricted = restrict(p, free, plan)
    batch = k_best(restricted.problem, K, 1)
    view = ChallengeView.of(index, enc.teams[position].challenge_id)
    built = build(view, top_n=None)
    teams = best_teams(built, K, 1)
    assert batch and len(teams) == len(batch)
    assert [t.cost - teams[0].cost for t in teams] == [b.cost - batch[0].cost for b in batch]
    fixed = restricted.fixed_items
    best = _total(p, np.concatenate([fixed, restricted.item_map[batch[0].items]]))
    for team in teams:
        items = _full_items(enc, position, view, seated(built.problem, team))
        items = _at_option(enc, items, view.options[team.option])
        whole = _total(p, np.concatenate([fixed, items]))
        assert whole - best == team.cost - teams[0].cost
