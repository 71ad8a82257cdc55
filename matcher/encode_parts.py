"""The parts of the encoding: pair costs (S1, S3, S6, S7), pruning, and constraint groups.

Split from matcher.encode to keep each module small; every function here documents the
rule it encodes and uses matcher.scoring's units.
"""

from __future__ import annotations

import numpy as np

from matcher.encode import Encoding, EncodingError, pair_pounds, proposed_and_confirmed
from matcher.scoring import DIVERSITY_ATTRIBUTES

DIVERSITY_KEEP = 8
PARTY_KEEP = 4


def pair_costs(enc: Encoding) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Per-pair points by rule (S1 fit, S3 cost, S6/S7 bonuses) and constant offsets."""
    p, prog, peers = enc.problem, enc.programme, enc.eligibility.peers
    w = prog.settings.weight
    pref = np.array([peers.tag_mask(s.preferred_tags) if s.preferred_tags else 0
                     for s in enc.seats], dtype=np.int64)
    has_pref = np.array([bool(s.preferred_tags) for s in enc.seats])
    shadow = np.array([s.shadow for s in enc.seats], dtype=bool)
    type_bit = np.array([1 << peers.type_bits[prog.councils[c.council].type.value]
                         for c in enc.teams], dtype=np.int64)
    seat, peer = p.pair_seat, p.pair_peer
    missing_tags = has_pref[seat] & ((peers.tags[peer] & pref[seat]) == 0)
    no_type = (peers.council_types[peer] & type_bit[p.seat_team[seat]]) == 0
    fit = np.where(shadow[seat], 0, missing_tags.astype(np.int64) + no_type)
    costs = {"S1": w("S1") * fit, "S3": w("S3") * pair_pounds(enc)}
    costs["S6"], costs["S7"] = _bonuses(enc)
    offsets = {
        "S5": w("S5") * sum(sum(not s.shadow for s in prog.seats_by_challenge[c.challenge_id])
                            for c in prog.challenges if c.follows),
        "S6": w("S6") * sum(len(c.requests) for c in prog.challenges),
        "S7": w("S7") * len(proposed_and_confirmed(prog)[0]),
    }
    return costs, {k: v for k, v in offsets.items() if v}


def _bonuses(enc: Encoding) -> tuple[np.ndarray, np.ndarray]:
    """S6: a requested peer on the team; S7: a proposed placement kept (negative points)."""
    p, prog, index = enc.problem, enc.programme, enc.eligibility.peer_index
    n_peers = len(index)
    requested = [t * n_peers + index[r] for t, c in enumerate(enc.teams)
                 for r in c.requests if r in index]
    seats = _seat_lookup(enc)
    proposed = [seats[(c, s)] * n_peers + index[q]
                for c, s, q in proposed_and_confirmed(prog)[0] if (c, s) in seats]
    team_keys = p.seat_team[p.pair_seat] * n_peers + p.pair_peer
    seat_keys = p.pair_seat * n_peers + p.pair_peer
    s6 = -prog.settings.weight("S6") * np.isin(team_keys, requested).astype(np.int64)
    s7 = -prog.settings.weight("S7") * np.isin(seat_keys, proposed).astype(np.int64)
    return s6, s7


def _top_per_seat(seat: np.ndarray, cost: np.ndarray, subset: np.ndarray, k: int) -> np.ndarray:
    """Mask of the `k` cheapest pairs per seat among `subset` (ties by index)."""
    idx = np.flatnonzero(subset)
    if len(idx) == 0:
        return np.zeros(len(seat), dtype=bool)
    order = idx[np.lexsort((cost[idx], seat[idx]))]
    sorted_seats = seat[order]
    starts = np.searchsorted(sorted_seats, sorted_seats, side="left")
    rank = np.arange(len(order)) - starts
    keep = np.zeros(len(seat), dtype=bool)
    keep[order[rank < k]] = True
    return keep


def prune(enc: Encoding, top_k: int | None) -> np.ndarray:
    """Keep each seat's top_k cheapest pairs plus every pair a rule singles out."""
    p = enc.problem
    if top_k is None:
        return np.ones(p.n_pairs, dtype=bool)
    cost = p.pair_cost()
    keep = _top_per_seat(p.pair_seat, cost, np.ones(p.n_pairs, dtype=bool), top_k)
    keep |= (p.pair_costs["S6"] != 0) | (p.pair_costs["S7"] != 0)
    keep |= _pinned_mask(enc) | _continuity_mask(enc)
    peers = enc.eligibility.peers
    for attr, column in zip(DIVERSITY_ATTRIBUTES,
                            (peers.female, peers.ethnic_minority, peers.disability), strict=True):
        wanted = np.array([getattr(c, attr) > 0 for c in enc.teams])[p.seat_team[p.pair_seat]]
        keep |= _top_per_seat(p.pair_seat, cost, wanted & column[p.pair_peer], DIVERSITY_KEEP)
    for party in np.unique(peers.party[peers.is_member]):
        subset = peers.is_member[p.pair_peer] & (peers.party[p.pair_peer] == party)
        keep |= _top_per_seat(p.pair_seat, cost, subset, PARTY_KEEP)
    return keep


def _pair_lookup(enc: Encoding) -> dict[tuple[int, int], int]:
    p = enc.problem
    return {(s, q): i for i, (s, q) in enumerate(zip(p.pair_seat.tolist(), p.pair_peer.tolist(),
                                                     strict=True))}


def _seat_lookup(enc: Encoding) -> dict[tuple[str, str], int]:
    return {(s.challenge_id, s.seat_id): i for i, s in enumerate(enc.seats)}


def _pinned_mask(enc: Encoding) -> np.ndarray:
    mask = np.zeros(enc.problem.n_pairs, dtype=bool)
    mask[pinned_pairs(enc)] = True
    return mask


def pinned_pairs(enc: Encoding) -> np.ndarray:
    """Confirmed placements as pair indices; one that breaks a hard rule is an input error."""
    _, confirmed = proposed_and_confirmed(enc.programme)
    lookup, seats = _pair_lookup(enc), _seat_lookup(enc)
    out, problems = [], []
    for challenge_id, seat_id, peer_id in sorted(confirmed):
        key = (seats[(challenge_id, seat_id)], enc.eligibility.peer_index[peer_id])
        if key in lookup:
            out.append(lookup[key])
        else:
            problems.append(f"{challenge_id}/{seat_id}/{peer_id}")
    if problems:
        raise EncodingError("confirmed placements that break a hard rule (H1, H3-H7) at every "
                            "allowed start: " + ", ".join(problems))
    return np.array(out, dtype=np.int64)


def _continuity_mask(enc: Encoding) -> np.ndarray:
    """S5: keep progress-review candidates who could belong to the original team."""
    from matcher.encode_constraints import continuity_rewards

    mask = np.zeros(enc.problem.n_pairs, dtype=bool)
    for reward in continuity_rewards(enc, pruned=False):
        mask[reward.pairs_a] = True
        mask[reward.pairs_b] = True
    return mask
