"""The parts of the encoding: pair costs (S1, S3, S6-S8, from matcher.encoding.points),
pruning, and pair lookups.

Split from matcher.encoding.encode to keep each module small; every function here documents the
rule it encodes and uses matcher.scoring's units.
"""

from __future__ import annotations

import numpy as np

from matcher.encoding.points import pair_points
from matcher.encoding.pruning import BATCH_DIVERSITY_KEEP as DIVERSITY_KEEP
from matcher.encoding.pruning import BATCH_PARTY_KEEP as PARTY_KEEP
from matcher.encoding.pruning import keep_cheapest
from matcher.encoding.types import Encoding, EncodingError, proposed_and_confirmed
from matcher.rules import RuleId
from matcher.rules.s5_continuity import past_team
from matcher.scoring import DIVERSITY_ATTRIBUTES


def pair_costs(enc: Encoding) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Per-pair points by rule (S1 fit, S3 cost, S6/S7 bonuses, S8: the one implementation,
    matcher.encoding.points) and the constant offsets (S5, S6, S7)."""
    p, prog = enc.problem, enc.programme
    w = prog.settings.weight
    costs = pair_points(
        prog, enc.eligibility, enc.seats, enc.teams, p.seat_team, p.pair_seat, p.pair_peer
    )
    offsets = {
        RuleId.S5: w(RuleId.S5)
        * sum(
            sum(not s.shadow for s in prog.seats_by_challenge[c.challenge_id])
            for c in prog.challenges
            if c.follows
        ),
        RuleId.S6: w(RuleId.S6) * sum(len(c.requests) for c in prog.challenges),
        RuleId.S7: w(RuleId.S7) * len(proposed_and_confirmed(prog)[0]),
    }
    return costs, {k: v for k, v in offsets.items() if v}


def prune(enc: Encoding, top_k: int | None) -> np.ndarray:
    """Keep each seat's top_k cheapest pairs plus every pair a rule singles out."""
    p = enc.problem
    if top_k is None:
        return np.ones(p.n_pairs, dtype=bool)
    singled_out = (p.pair_costs[RuleId.S6] != 0) | (p.pair_costs[RuleId.S7] != 0)
    singled_out |= _pinned_mask(enc)
    peers = enc.eligibility.peers
    groups = []
    for attr, column in zip(
        DIVERSITY_ATTRIBUTES, (peers.female, peers.ethnic_minority, peers.disability), strict=True
    ):
        wanted = np.array([getattr(c, attr) > 0 for c in enc.teams])[p.seat_team[p.pair_seat]]
        groups.append((wanted & column[p.pair_peer], DIVERSITY_KEEP))
    for party in np.unique(peers.party[peers.is_member]):
        subset = peers.is_member[p.pair_peer] & (peers.party[p.pair_peer] == party)
        groups.append((subset, PARTY_KEEP))
    keep = keep_cheapest(p.pair_seat, p.pair_cost(), top_k, singled_out, groups)
    return keep | _continuity_mask(enc, keep)


def find_pairs(enc: Encoding, seats: np.ndarray, peers: np.ndarray) -> np.ndarray:
    """Pair index of each (seat, peer), -1 where it is no candidate (vectorised lookup)."""
    p = enc.problem
    n = len(enc.eligibility.peer_index)
    keys = p.pair_seat * n + p.pair_peer
    wanted = np.asarray(seats, dtype=np.int64) * n + np.asarray(peers, dtype=np.int64)
    if len(keys) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    pos = np.minimum(np.searchsorted(keys[order], wanted), len(order) - 1)
    return np.where(keys[order][pos] == wanted, order[pos], -1)


def team_slices(pair_team: np.ndarray, n_teams: int) -> list[np.ndarray]:
    """Pair indices of each team (one sort instead of a full scan per team)."""
    order = np.argsort(pair_team, kind="stable")
    bounds = np.searchsorted(pair_team[order], np.arange(n_teams + 1))
    return [order[bounds[t] : bounds[t + 1]] for t in range(n_teams)]


def _seat_lookup(enc: Encoding) -> dict[tuple[str, str], int]:
    return {(s.challenge_id, s.seat_id): i for i, s in enumerate(enc.seats)}


def _pinned_mask(enc: Encoding) -> np.ndarray:
    mask = np.zeros(enc.problem.n_pairs, dtype=bool)
    mask[pinned_pairs(enc)] = True
    return mask


def pinned_pairs(enc: Encoding) -> np.ndarray:
    """Confirmed placements as pair indices; one that breaks a hard rule is an input error."""
    confirmed = sorted(proposed_and_confirmed(enc.programme)[1])
    seats = _seat_lookup(enc)
    index = enc.eligibility.peer_index
    pairs = find_pairs(
        enc,
        np.array([seats[(c, s)] for c, s, _ in confirmed], dtype=np.int64),
        np.array([index[q] for _, _, q in confirmed], dtype=np.int64),
    )
    problems = [
        f"{c}/{s}/{q}" for (c, s, q), pair in zip(confirmed, pairs, strict=True) if pair < 0
    ]
    if problems:
        raise EncodingError(
            "confirmed placements that break a hard rule (H1, H3-H7) at every "
            "allowed start: " + ", ".join(problems)
        )
    return pairs.astype(np.int64)


def _continuity_mask(enc: Encoding, keep: np.ndarray) -> np.ndarray:
    """S5: keep a progress review's candidates who are kept for the original challenge
    (or placed on it), so continuity stays possible after pruning."""
    p, prog = enc.problem, enc.programme
    team_of = {c.challenge_id: t for t, c in enumerate(enc.teams)}
    by_team = team_slices(p.seat_team[p.pair_seat], len(enc.teams))
    placed: dict[int, list[int]] = {}
    for pl in prog.placements:
        placed.setdefault(team_of[pl.challenge_id], []).append(
            enc.eligibility.peer_index[pl.peer_id]
        )
    mask = np.zeros(p.n_pairs, dtype=bool)
    index = enc.eligibility.peer_index
    for t, challenge in enumerate(enc.teams):
        if not challenge.follows:
            continue
        if challenge.follows in team_of:
            orig = by_team[team_of[challenge.follows]]
            original = np.union1d(
                p.pair_peer[orig[keep[orig]]],
                np.array(placed.get(team_of[challenge.follows], []), dtype=np.int64),
            )
        else:  # an earlier year's challenge: its team is fixed by the history (S5)
            past = past_team(prog, challenge.follows)
            original = np.array(sorted(index[q] for q in past if q in index), dtype=np.int64)
        review = by_team[t]
        mask[review[np.isin(p.pair_peer[review], original)]] = True
    return mask
