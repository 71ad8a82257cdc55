"""From a ChallengeView to the numeric TeamProblem: pruned candidates, team rules, offset.

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
from matcher.models import PlacementStatus
from matcher.rules import RuleId
from matcher.scoring import DIVERSITY_ATTRIBUTES, SHARE_UNITS_PER_SEAT
from matcher.shortlist.candidates import ChallengeView
from solver.team import Count, Deviation, TeamProblem

_BIG = np.iinfo(np.int64).max // 4


@dataclass
class Built:
    """A TeamProblem with the view it came from and how to read it back."""

    problem: TeamProblem
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
    """The strict TeamProblem of the view (top_n None: every allowed peer; 'default':
    TOP_N, read at call time)."""
    top_n = TOP_N if top_n == "default" else top_n
    cols: dict[str, list] = {k: [] for k in ("seat", "peer", "option", "cost")}
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
        cols["cost"].append(cost[opts, peers[which]])
    arrays = {k: np.concatenate(v).astype(np.int64) for k, v in cols.items()}
    problem, offset = team_problem(view, arrays)
    return Built(problem, view, offset, forced, problems)


def team_problem(view: ChallengeView, c: dict[str, np.ndarray], **extra) -> tuple[TeamProblem, int]:
    """Team rules over candidate columns `c` (seat, peer, option, cost) and the offset."""
    prog, peers = view.index.programme, view.index.peers
    w, ch = prog.settings.weight, view.challenge
    member_seat = np.array([view.is_member_seat(s) for s in range(len(view.seats))], bool)
    real = ~np.array([seat.shadow for seat in view.seats], bool)
    on_member = member_seat[c["seat"]]
    problem = TeamProblem(
        seat_must_fill=real,
        n_options=len(view.options),
        cand_seat=c["seat"],
        cand_peer=c["peer"],
        cand_home=peers.home[c["peer"]],
        cand_option=c["option"],
        cand_cost=c["cost"],
        cand_party=np.where(on_member, peers.party[c["peer"]], -1),
        mix_seats=int(member_seat.sum()),
        **extra,
    )
    offset = 0
    for attribute, column in attribute_columns(view).items():
        minimum = getattr(ch, attribute)
        if minimum <= 0:
            continue
        cost = 0 if ch.diversity_required else w(RuleId.S2)
        problem.counts.append(Count(real[c["seat"]] & column[c["peer"]], minimum, cost))
        offset -= cost * minimum
    seats_now = view.office_seats
    unit = w(RuleId.S4) * SHARE_UNITS_PER_SEAT
    office = view.index.office_code[c["peer"]]
    for g, target in view.index.targets.items():
        problem.deviations.append(
            Deviation(on_member & (office == g), int(target - seats_now.get(g, 0)), unit)
        )
        offset -= unit * abs(seats_now.get(g, 0) - target)
    return problem, offset
