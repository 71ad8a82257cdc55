"""From a ChallengeView to the one-team MatchingProblem: pruned candidates, team rules,
offset; solved with the one core (solver.model) and solver.team's k-best search.

Each seat keeps its `top_n` cheapest peers plus every peer a rule singles out (requested
S6, proposed S7, original team S5, pinned, a few per diversity attribute S2 and per party
for the mix H7), as the batch encoder does. Team rules: H8 (and so H2) by home council,
H7 mix over non-shadow member seats, S2 minimums (hard where the challenge requires them)
and S4 group-office shares. `offset` makes model cost + offset equal exactly what the team
adds to matcher.scoring.score_solution of the plan (checked by the tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matcher.encoding.pruning import SHORTLIST_DIVERSITY_KEEP as DIVERSITY_KEEP
from matcher.encoding.pruning import SHORTLIST_PARTY_KEEP as PARTY_KEEP
from matcher.encoding.pruning import SHORTLIST_TOP_N as TOP_N
from matcher.encoding.scoped import empty_team_points, encode_team
from matcher.encoding.types import FixedRest
from matcher.models import PlacementStatus
from matcher.rules import RuleId
from matcher.scoring import DIVERSITY_ATTRIBUTES
from matcher.shortlist.candidates import ChallengeView
from solver.problem import MatchingProblem, Waiver
from solver.team import TeamAnswer, k_best

_BIG = np.iinfo(np.int64).max // 4


@dataclass
class Built:
    """A one-team MatchingProblem with the view it came from and how to read it back."""

    problem: MatchingProblem
    view: ChallengeView
    offset: int
    forced: list[tuple[int, int]] = field(default_factory=list)
    pin_problems: list[tuple[int, int]] = field(default_factory=list)
    """Confirmed placements of this challenge that are not allowed at any start."""

    def delta(self, model_cost: int) -> int:
        """What the team adds to the plan's score (matcher.scoring units)."""
        return model_cost + self.offset


def attribute_columns(view: ChallengeView) -> dict[str, np.ndarray]:
    peers = view.index.peers
    return {
        "min_women": peers.female,
        "min_ethnic_minority": peers.ethnic_minority,
        "min_disability": peers.disability,
    }


def pinned(view: ChallengeView) -> list[tuple[int, int]]:
    """Confirmed placements of the challenge as (seat index, peer index)."""
    seat_of = {s.seat_id: i for i, s in enumerate(view.seats)}
    return [
        (seat_of[pl.seat_id], view.index.peer_index[pl.peer_id])
        for pl in view.index.placements_of(view.challenge.challenge_id, PlacementStatus.CONFIRMED)
        if pl.peer_id not in view.exclude_peers
    ]


def keep_peers(
    view: ChallengeView, s: int, allowed: np.ndarray, cost: np.ndarray, top_n: int, must: np.ndarray
) -> np.ndarray:
    """Peer indices kept for seat `s`: top_n by best cost over starts, plus singled out."""
    best = np.where(allowed, cost, _BIG).min(axis=0)
    ok = allowed.any(axis=0)
    idx = np.flatnonzero(ok)
    keep = np.zeros(view.n, dtype=bool)
    keep[_cheapest(idx, best, top_n)] = True
    points = view.seat_points(s)
    keep |= ok & (
        (points[RuleId.S5] != 0) | (points[RuleId.S6] != 0) | view.proposed_peers(s) | must
    )
    if any(getattr(view.challenge, a) > 0 for a in DIVERSITY_ATTRIBUTES):
        for column in attribute_columns(view).values():
            keep[_cheapest(np.flatnonzero(ok & column), best, DIVERSITY_KEEP)] = True
    if view.is_member_seat(s):
        party = view.index.peers.party
        for value in np.unique(party[idx]):
            keep[_cheapest(np.flatnonzero(ok & (party == value)), best, PARTY_KEEP)] = True
    return np.flatnonzero(keep)


def _cheapest(idx: np.ndarray, best: np.ndarray, k: int) -> np.ndarray:
    if len(idx) <= k:
        return idx
    order = np.lexsort((idx, best[idx]))
    return idx[order[:k]]


def build(
    view: ChallengeView,
    top_n: int | None | str = "default",
    must: dict[int, np.ndarray] | None = None,
) -> Built:
    """The strict one-team problem of the view (top_n None: every allowed peer; 'default':
    TOP_N, read at call time)."""
    top_n = TOP_N if top_n == "default" else top_n
    cols: dict[str, list] = {k: [] for k in ("seat", "peer", "option")}
    forced = pinned(view)
    problems = []
    for s in range(len(view.seats)):
        allowed, cost = view.allowed(s), view.seat_cost(s)
        extra = np.zeros(view.n, dtype=bool)
        for seat, peer in forced:
            if seat == s:
                extra[peer] = True
                if not allowed[:, peer].any():
                    problems.append((seat, peer))
        if must and s in must:
            extra |= must[s]
        peers = (
            np.flatnonzero(allowed.any(axis=0))
            if top_n is None
            else keep_peers(view, s, allowed, cost, top_n, extra)
        )
        opts, which = np.nonzero(allowed[:, peers])
        cols["seat"].append(np.full(len(opts), s, dtype=np.int64))
        cols["peer"].append(peers[which])
        cols["option"].append(opts)
    arrays = {k: np.concatenate(v).astype(np.int64) for k, v in cols.items()}
    problem, offset = team_problem(view, arrays)
    return Built(problem, view, offset, forced, problems)


def team_problem(
    view: ChallengeView,
    c: dict[str, np.ndarray],
    item_waivers: np.ndarray | None = None,
    option_waivers: np.ndarray | None = None,
    waivers: list[Waiver] | None = None,
) -> tuple[MatchingProblem, int]:
    """The one-team encoding (matcher.encoding.scoped) over candidate columns `c` (seat,
    peer, option) against the rest of the plan, with the waivers given, and its offset:
    model cost + offset is what the team adds to the plan's score."""
    index = view.index
    fixed = FixedRest(index.plan, view.keep)
    enc = encode_team(
        index.programme, index.elig, fixed, view.challenge, view.seats, view.options, c
    )
    problem = enc.problem
    problem.waivers = waivers or []
    problem.item_waivers = _rows(item_waivers)
    problem.option_waivers = _rows(option_waivers)
    return problem, -empty_team_points(problem)


def _rows(pairs: np.ndarray | None) -> np.ndarray:
    return np.zeros((0, 2), dtype=np.int64) if pairs is None else pairs.reshape(-1, 2)


def pair_of(problem: MatchingProblem, n: int, seat: int, peer: int) -> int:
    """The pair index of (seat, peer), -1 where the peer is no candidate for the seat."""
    found = np.flatnonzero(problem.pair_seat * n + problem.pair_peer == seat * n + peer)
    return int(found[0]) if len(found) else -1


def seated(problem: MatchingProblem, answer: TeamAnswer) -> dict[int, int]:
    """Seat index -> peer index of an answer."""
    pairs = problem.item_pair[answer.items]
    return dict(
        zip(problem.pair_seat[pairs].tolist(), problem.pair_peer[pairs].tolist(), strict=True)
    )


def best_teams(built: Built, k: int, d: int, extra=()) -> list[TeamAnswer]:
    """Up to `k` teams, best first, differing in >= d seats, with the confirmed placements
    and the `extra` (seat, peer) choices forced."""
    n = built.view.n
    forced = [pair_of(built.problem, n, s, q) for s, q in [*built.forced, *extra]]
    return k_best(built.problem, k, d, forced)
