"""One team against the rest of the year held fixed: the batch encoding scoped to one
challenge, which is what a shortlist solves (the batch problem restricted to one team).

The candidates are given as (seat, peer, start) columns: a shortlist's, whose masks add
the fixed rows (H3 busy, H4 days left) to matcher.eligibility's and whose pruning keeps
its own singled-out peers. Everything else is the batch encoder's own code: pair points
(matcher.encoding.points) and the constraint builders of matcher.encoding.constraints,
which read the fixed rest (types.FixedRest) for the days it takes (H4 caps, S4
utilisation), its group-office seats (S4 shares) and its teams (S5).

One team holds a peer at most once (H8: one peer per home council), so each of a peer's
day caps and start-kept penalties (S7) has at most one chosen item, and a continuity
reward whose other side is fixed at most one chosen pair: their penalties are folded
into item and pair costs, exactly, and the model stays as small as the candidates.
Overlap cliques (H3) are left out for the same reason, and a cap's limit is the
candidates' H4 mask (or, in a relaxation, its waiver).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from matcher.eligibility import Eligibility
from matcher.encoding.constraints import (
    continuity_rewards,
    day_caps,
    diversity_groups,
    group_office_shares,
    home_council_groups,
    party_mixes,
)
from matcher.encoding.points import pair_points
from matcher.encoding.stability import start_kept_capacities
from matcher.encoding.types import Encoding, FixedRest
from matcher.models import Challenge, Seat
from matcher.programme import Programme
from matcher.rules import RuleId
from matcher.scoring import unfilled_points
from solver.evaluate import evaluate
from solver.problem import Capacity, MatchingProblem, Reward


def encode_team(
    programme: Programme,
    elig: Eligibility,
    fixed: FixedRest,
    challenge: Challenge,
    seats: list[Seat],
    options: list[date],
    columns: dict[str, np.ndarray],
) -> Encoding:
    """The one-team encoding over candidate `columns` (seat, peer, option: indices into
    `seats`, the peers and `options`), one item per candidate; pairs are the distinct
    (seat, peer). Every non-shadow seat must be filled (a shortlist proposes whole teams)."""
    n = len(elig.peer_index)
    key, item_pair = np.unique(columns["seat"] * n + columns["peer"], return_inverse=True)
    pair_seat, pair_peer = key // n, key % n
    seat_team = np.zeros(len(seats), dtype=np.int64)
    penalty = programme.settings.unfilled_penalty
    problem = MatchingProblem(
        seat_team=seat_team,
        seat_must_fill=np.array([not s.shadow for s in seats], dtype=bool),
        seat_unfilled_cost=np.array([unfilled_points(s, penalty) for s in seats], np.int64),
        option_team=np.zeros(len(options), dtype=np.int64),
        pair_peer=pair_peer,
        pair_seat=pair_seat,
        pair_costs=pair_points(
            programme, elig, seats, [challenge], seat_team, pair_seat, pair_peer
        ),
        item_pair=item_pair.reshape(-1).astype(np.int64),
        item_option=np.asarray(columns["option"], dtype=np.int64),
    )
    enc = Encoding(problem, programme, elig, list(seats), [challenge], list(options), fixed=fixed)
    problem.counts = home_council_groups(enc) + diversity_groups(enc)
    problem.mixes = party_mixes(enc)
    problem.deviations = group_office_shares(enc)
    _fold_capacities(problem, day_caps(enc) + start_kept_capacities(enc))
    _fold_rewards(problem, continuity_rewards(enc))
    return enc


def continuity_points(
    programme: Programme,
    elig: Eligibility,
    fixed: FixedRest,
    challenge: Challenge,
    seats: list[Seat],
    pair_seat: np.ndarray,
    pair_peer: np.ndarray,
) -> np.ndarray:
    """S5 points of each (seat, peer) pair of one team against the fixed rest of the
    year: the batch's continuity rewards, folded as in `encode_team` (for a shortlist's
    per-peer points: pruning, alternates, explanations)."""
    cid = challenge.challenge_id
    if not challenge.follows and not any(c.follows == cid for c in programme.challenges):
        return np.zeros(len(pair_seat), dtype=np.int64)  # no review on either side
    empty = np.zeros(0, dtype=np.int64)
    problem = MatchingProblem(
        seat_team=np.zeros(len(seats), dtype=np.int64),
        seat_must_fill=np.zeros(len(seats), dtype=bool),
        seat_unfilled_cost=np.zeros(len(seats), dtype=np.int64),
        option_team=empty,
        pair_peer=pair_peer,
        pair_seat=pair_seat,
        pair_costs={},
        item_pair=empty,
        item_option=empty,
    )
    enc = Encoding(problem, programme, elig, list(seats), [challenge], [], fixed=fixed)
    _fold_rewards(problem, continuity_rewards(enc))
    return problem.pair_costs.get(RuleId.S5, np.zeros(len(pair_seat), dtype=np.int64))


def _fold_capacities(problem: MatchingProblem, caps: list[Capacity]) -> None:
    """A cap with at most one chosen item: its penalty is each item's own."""
    for cap in caps:
        costs = problem.item_costs.setdefault(cap.label, np.zeros(problem.n_items, np.int64))
        for offset, slope in zip(cap.penalty_offsets, cap.penalty_slopes, strict=True):
            costs[cap.items] += slope * np.maximum(0, cap.weights - offset)


def _fold_rewards(problem: MatchingProblem, rewards: list[Reward]) -> None:
    """A reward met once one of its pairs is chosen (the other side fixed, or none):
    each of those pairs earns it."""
    for reward in rewards:
        if len(reward.pairs_b):
            raise ValueError(f"{reward.label}: a reward across two encoded teams")
        costs = problem.pair_costs.setdefault(reward.label, np.zeros(problem.n_pairs, np.int64))
        costs[reward.pairs_a] -= reward.reward


def empty_team_points(problem: MatchingProblem) -> int:
    """The objective of the team with every seat empty: what the team's seats cost the
    year while unfilled (unfilled penalties, S2 minimums short, S4 shares as the fixed
    rest leaves them). A team's cost less this is what it adds to the year's score."""
    _, penalties = evaluate(problem, np.zeros(0, dtype=np.int64))
    return sum(Counter(penalties).values())
