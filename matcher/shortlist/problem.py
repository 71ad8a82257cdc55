"""From a ChallengeView to the one-team problem: pruned candidates, then the batch
encoder scoped to the team (matcher.encoding.scoped) with the offset that makes model cost
+ offset exactly what the team adds to matcher.scoring.score_solution of the plan
(checked by the tests); solved on the one core by solver.team's k-best search.

Pruning is the batch's function (matcher.encoding.pruning.keep_cheapest) with the
shortlist's numbers and a plan-aware cost: a peer's cheapest cost over the seat's starts
given the rest of the plan. Singled out: requested S6, proposed S7, original team or
review S5, confirmed and forced peers, a few per wanted diversity attribute (S2) and per
party on member seats (the H7 mix).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matcher.encoding.pruning import SHORTLIST_DIVERSITY_KEEP as DIVERSITY_KEEP
from matcher.encoding.pruning import SHORTLIST_PARTY_KEEP as PARTY_KEEP
from matcher.encoding.pruning import SHORTLIST_TOP_N as TOP_N
from matcher.encoding.pruning import keep_cheapest
from matcher.encoding.scoped import empty_team_points, encode_team
from matcher.encoding.types import FixedRest
from matcher.models import PlacementStatus
from matcher.rules import RuleId
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


def build(
    view: ChallengeView,
    top_n: int | None | str = "default",
    must: dict[int, np.ndarray] | None = None,
) -> Built:
    """The strict one-team problem of the view (top_n None: every allowed peer; 'default':
    TOP_N, read at call time)."""
    top_n = TOP_N if top_n == "default" else top_n
    forced = pinned(view)
    problems = [(s, q) for s, q in forced if not view.allowed(s)[:, q].any()]
    extra = [np.zeros(view.n, dtype=bool) for _ in view.seats]
    for s, q in forced:
        extra[s][q] = True
    for s, mask in (must or {}).items():
        extra[s] |= mask
    pair_seat, pair_peer = candidates(view)
    if top_n is not None:
        kept = _prune(view, pair_seat, pair_peer, top_n, extra)
        pair_seat, pair_peer = pair_seat[kept], pair_peer[kept]
    cols: dict[str, list] = {k: [] for k in ("seat", "peer", "option")}
    for s in range(len(view.seats)):
        peers = pair_peer[pair_seat == s]
        opts, which = np.nonzero(view.allowed(s)[:, peers])
        cols["seat"].append(np.full(len(opts), s, dtype=np.int64))
        cols["peer"].append(peers[which])
        cols["option"].append(opts)
    arrays = {k: np.concatenate(v).astype(np.int64) for k, v in cols.items()}
    problem, offset = team_problem(view, arrays)
    return Built(problem, view, offset, forced, problems)


def candidates(view: ChallengeView) -> tuple[np.ndarray, np.ndarray]:
    """(seat, peer) of every peer allowed in a seat at some start, seat by seat."""
    peers = [np.flatnonzero(view.allowed(s).any(axis=0)) for s in range(len(view.seats))]
    seat = np.repeat(np.arange(len(peers), dtype=np.int64), [len(q) for q in peers])
    return seat, np.concatenate(peers).astype(np.int64)


def _prune(view, pair_seat, pair_peer, top_n: int, extra: list[np.ndarray]) -> np.ndarray:
    """matcher.encoding.pruning.keep_cheapest with the shortlist's numbers: by a peer's
    cheapest cost over the seat's starts given the rest of the plan; singled out are S5
    continuity, S6 requests, S7 proposals, confirmed and `extra` peers."""
    cost = np.empty(len(pair_seat), dtype=np.int64)
    singled = np.zeros(len(pair_seat), dtype=bool)
    for s in range(len(view.seats)):
        at = np.flatnonzero(pair_seat == s)
        q, allowed = pair_peer[at], view.allowed(s)
        cost[at] = np.where(allowed[:, q], view.seat_cost(s)[:, q], _BIG).min(axis=0)
        points = view.seat_points(s)
        by_rule = (points[RuleId.S5] != 0) | (points[RuleId.S6] != 0)
        singled[at] = (by_rule | view.proposed_peers(s) | extra[s])[q]
    peers = view.index.peers
    groups = [
        (column[pair_peer], DIVERSITY_KEEP)
        for attribute, column in attribute_columns(view).items()
        if getattr(view.challenge, attribute) > 0
    ]
    member_seat = np.array([view.is_member_seat(s) for s in range(len(view.seats))], bool)
    on_member = member_seat[pair_seat] & peers.is_member[pair_peer]
    for value in np.unique(peers.party[pair_peer[on_member]]):
        groups.append((on_member & (peers.party[pair_peer] == value), PARTY_KEEP))
    return keep_cheapest(pair_seat, cost, top_n, singled, groups)


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
