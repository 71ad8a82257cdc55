"""Encode a Programme as the numeric MatchingProblem the core solves.

Teams are challenges, options are their start dates, pairs are eligible (peer, seat)
candidates (matcher.eligibility) and items are pairs at an allowed start. Costs and
constraint groups carry rule codes as labels, so the solver's per-label penalties read
straight back as S1-S8 points. The units are those of matcher.scoring, which the
validator recomputes from the solution alone; the two must agree exactly.

Pruning: seats keep their `top_k` cheapest candidates (by pair cost; requested, proposed,
confirmed, continuity and diversity candidates are always kept). It shrinks the model
about tenfold; the cost is measured by the benchmarks against an unpruned run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from matcher.eligibility import Eligibility, seat_candidates
from matcher.encoding.constraints import add_constraints
from matcher.encoding.parts import pair_costs, prune
from matcher.encoding.pruning import BATCH_TOP_K
from matcher.encoding.types import Encoding, EncodingError
from matcher.models import Seat
from matcher.programme import Programme, start_options
from matcher.scoring import unfilled_points
from solver.problem import MatchingProblem

__all__ = ["DEFAULT_TOP_K", "Encoding", "EncodingError", "encode"]

DEFAULT_TOP_K = BATCH_TOP_K


@dataclass
class _Pairs:
    """Pair and item columns accumulated challenge by challenge."""

    peer: list[np.ndarray] = field(default_factory=list)
    seat: list[np.ndarray] = field(default_factory=list)
    allowed: list[np.ndarray] = field(default_factory=list)
    first_option: list[int] = field(default_factory=list)


def encode(programme: Programme, top_k: int | None = DEFAULT_TOP_K) -> Encoding:
    """Build the MatchingProblem for the whole programme (see the module docstring)."""
    elig = Eligibility(programme)
    seats, teams, option_dates, option_team, pairs = _collect(programme, elig)
    seat_team = np.array(_seat_teams(programme), dtype=np.int64)
    pair_peer = np.concatenate(pairs.peer) if pairs.peer else np.zeros(0, dtype=np.int64)
    pair_seat = np.concatenate(pairs.seat) if pairs.seat else np.zeros(0, dtype=np.int64)
    enc = Encoding(
        problem=MatchingProblem(
            seat_team=seat_team,
            seat_must_fill=np.array(
                [not (programme.settings.allow_partial or s.shadow) for s in seats], dtype=bool
            ),
            seat_unfilled_cost=np.array(
                [unfilled_points(s, programme.settings.unfilled_penalty) for s in seats],
                dtype=np.int64,
            ),
            option_team=np.array(option_team, dtype=np.int64),
            option_time=np.array([d.toordinal() for d in option_dates], dtype=np.int64),
            pair_peer=pair_peer,
            pair_seat=pair_seat,
            pair_costs={},
            item_pair=np.zeros(0, dtype=np.int64),
            item_option=np.zeros(0, dtype=np.int64),
        ),
        programme=programme,
        eligibility=elig,
        seats=seats,
        teams=teams,
        option_dates=option_dates,
        candidate_pairs=len(pair_peer),
    )
    enc.problem.pair_costs, enc.problem.offsets = pair_costs(enc)
    keep = prune(enc, top_k)
    _set_items(enc, pairs, keep)
    add_constraints(enc)
    return enc


def _seat_teams(programme: Programme) -> list[int]:
    return [
        t
        for t, c in enumerate(programme.challenges)
        for _ in programme.seats_by_challenge[c.challenge_id]
    ]


def _collect(programme: Programme, elig: Eligibility):
    seats: list[Seat] = []
    option_dates: list[date] = []
    option_team: list[int] = []
    pairs = _Pairs()
    for team, challenge in enumerate(programme.challenges):
        if not start_options(challenge):
            raise EncodingError(
                f"challenge {challenge.challenge_id}: the window "
                f"{challenge.earliest_start} to {challenge.latest_start} holds "
                "no Monday, so the team has no allowed start"
            )
        options, candidates = seat_candidates(
            elig, challenge, programme.seats_by_challenge[challenge.challenge_id]
        )
        first = len(option_dates)
        option_dates += options
        option_team += [team] * len(options)
        for cand in candidates:
            pairs.peer.append(cand.peers)
            pairs.seat.append(np.full(len(cand.peers), len(seats), dtype=np.int64))
            pairs.allowed.append(cand.allowed)
            pairs.first_option.append(first)
            seats.append(cand.seat)
    return seats, list(programme.challenges), option_dates, option_team, pairs


def _set_items(enc: Encoding, pairs: _Pairs, keep: np.ndarray) -> None:
    """Items = kept pairs x allowed options; pairs are renumbered to the kept ones."""
    item_pair, item_option = [], []
    renumber = np.full(len(keep), -1, dtype=np.int64)
    renumber[keep] = np.arange(int(keep.sum()))
    start = 0
    for allowed, first in zip(pairs.allowed, pairs.first_option, strict=True):
        block = keep[start : start + len(allowed)]
        rows, cols = np.nonzero(allowed[block])
        kept_ids = renumber[start : start + len(allowed)][block]
        item_pair.append(kept_ids[rows])
        item_option.append(cols + first)
        start += len(allowed)
    p = enc.problem
    p.item_pair = np.concatenate(item_pair) if item_pair else np.zeros(0, dtype=np.int64)
    p.item_option = np.concatenate(item_option) if item_option else np.zeros(0, dtype=np.int64)
    p.pair_peer, p.pair_seat = p.pair_peer[keep], p.pair_seat[keep]
    p.pair_costs = {label: costs[keep] for label, costs in p.pair_costs.items()}
