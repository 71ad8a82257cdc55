"""Constraint groups of the encoding: H3 overlaps, H4 caps with S4 utilisation, H8 and
H7 team rules, S2 diversity, S4 group-office shares, S5 continuity, S7 kept starts
(matcher.encoding.stability) and pinned seats."""

from __future__ import annotations

import functools

import numpy as np

from matcher.encoding.parts import pinned_pairs, team_slices
from matcher.encoding.points import utilisation_thresholds
from matcher.encoding.stability import start_kept_capacities
from matcher.encoding.types import Encoding, option_window
from matcher.models import GROUP_OFFICE_OF_PARTY, GroupOffice, PeerKind
from matcher.peer_arrays import PARTY_CODES
from matcher.rules import RuleId
from matcher.rules.s5_continuity import past_team
from matcher.scoring import (
    DIVERSITY_ATTRIBUTES,
    SHARE_UNITS_PER_SEAT,
    UTILISATION_STEPS,
    group_targets,
)
from solver.problem import Capacity, CountGroup, Deviation, MixGroup, Reward


def add_constraints(enc: Encoding) -> None:
    """Fill every constraint group of enc.problem (items must already be set)."""
    p = enc.problem
    p.cliques = overlap_cliques(enc)
    p.capacities = day_caps(enc) + start_kept_capacities(enc)
    p.counts = home_council_groups(enc) + diversity_groups(enc)
    p.mixes = party_mixes(enc)
    p.deviations = group_office_shares(enc)
    p.rewards = continuity_rewards(enc)
    p.pinned_pairs = pinned_pairs(enc)


def _groups(keys: np.ndarray) -> list[np.ndarray]:
    """Indices grouped by equal key (only groups of two or more)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(sorted_keys)) + 1, [len(order)]))
    big = np.flatnonzero(np.diff(bounds) >= 2).tolist()  # slicing only these: np.split of
    return [order[bounds[g] : bounds[g + 1]] for g in big]  # every group was 0.8 s at L


def overlap_cliques(enc: Encoding) -> list[np.ndarray]:
    """H3: a peer's items whose busy periods share a day; at most one may be chosen.

    The maximal sets of periods sharing a day are found once for the whole programme
    (periods are intervals, so checking each period's first day suffices); each peer's
    items inside one such set form a clique."""
    p = enc.problem
    windows = np.array(
        [option_window(enc.teams[p.option_team[o]], d) for o, d in enumerate(enc.option_dates)],
        dtype=np.int64,
    ).reshape(-1, 2)
    points = np.unique(windows[:, 0])
    member = (windows[None, :, 0] <= points[:, None]) & (windows[None, :, 1] >= points[:, None])
    maximal = _maximal_rows(member)
    item_peer = p.pair_peer[p.item_pair]
    seen: set[tuple[int, ...]] = set()
    cliques = []
    for row in maximal:
        in_set = row[p.item_option]
        idx = np.flatnonzero(in_set)
        for group in _groups(item_peer[idx]):
            items = tuple(idx[group].tolist())
            if items not in seen:
                seen.add(items)
                cliques.append(np.array(items, dtype=np.int64))
    return cliques


def _maximal_rows(member: np.ndarray) -> list[np.ndarray]:
    """Rows of a boolean matrix that are not a subset of another row."""
    rows = [r for r in {tuple(np.flatnonzero(row)) for row in member} if r]
    rows.sort(key=len, reverse=True)
    kept: list[set] = []
    for r in rows:
        if not any(set(r) <= k for k in kept):
            kept.append(set(r))
    out = []
    for k in kept:
        row = np.zeros(member.shape[1], dtype=bool)
        row[list(k)] = True
        out.append(row)
    return out


def day_caps(enc: Encoding) -> list[Capacity]:
    """H4 per peer and financial year, with S4's convex utilisation penalty on the days
    (net of the days already used and, with the rest of the year fixed, of its days)."""
    p, prog, peers = enc.problem, enc.programme, enc.eligibility.peers
    shadow = np.array([s.shadow for s in enc.seats], dtype=bool)
    charged = np.array([c.charged_days for c in enc.teams], dtype=np.int64)
    years = np.array([prog.financial_year_of(d) for d in enc.option_dates], dtype=np.int64)
    items = np.flatnonzero(~shadow[p.pair_seat[p.item_pair]])
    peer = p.pair_peer[p.item_pair[items]]
    year = years[p.item_option[items]]
    weight = prog.settings.weight(RuleId.S4)
    caps = []
    n_years = int(years.max() - years.min()) + 1 if len(years) else 1
    fixed_days = functools.cache(enc.fixed.days) if enc.fixed is not None else None
    for group in _groups_all(peer * n_years + (year - years.min() if len(years) else 0)):
        idx = items[group]
        q, fy = int(peer[group[0]]), int(year[group[0]])
        used = int(peers.days_used[q]) if fy == prog.financial_year else 0
        used += int(fixed_days(fy)[q]) if enc.fixed is not None else 0
        cap = int(peers.cap[q])
        offsets = tuple(utilisation_thresholds(cap, used))
        caps.append(
            Capacity(
                items=idx,
                weights=charged[p.option_team[p.item_option[idx]]],
                limit=cap - used,
                label=RuleId.S4,
                penalty_offsets=offsets,
                penalty_slopes=tuple(weight * step for _, step in UTILISATION_STEPS),
            )
        )
    return caps


def _groups_all(keys: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(keys, kind="stable")
    cuts = np.flatnonzero(np.diff(keys[order])) + 1
    return np.split(order, cuts) if len(order) else []


def home_council_groups(enc: Encoding) -> list[CountGroup]:
    """H8 (and so H2): at most one peer per home council on a team."""
    p, peers = enc.problem, enc.eligibility.peers
    keys = p.seat_team[p.pair_seat] * (int(peers.home.max()) + 1) + peers.home[p.pair_peer]
    return [CountGroup(pairs=g, lo=0, hi=1, label=RuleId.H8) for g in _groups(keys)]


def diversity_groups(enc: Encoding) -> list[CountGroup]:
    """S2: at least the council's minimum of declared women / ethnic minority / disability
    among non-shadow seats; hard where the challenge marks diversity required."""
    p, peers = enc.problem, enc.eligibility.peers
    shadow = np.array([s.shadow for s in enc.seats], dtype=bool)
    by_team = team_slices(p.seat_team[p.pair_seat], len(enc.teams))
    columns = (peers.female, peers.ethnic_minority, peers.disability)
    weight = enc.programme.settings.weight(RuleId.S2)
    out = []
    for t, challenge in enumerate(enc.teams):
        team = by_team[t][~shadow[p.pair_seat[by_team[t]]]]
        for attribute, column in zip(DIVERSITY_ATTRIBUTES, columns, strict=True):
            minimum = getattr(challenge, attribute)
            if minimum <= 0:
                continue
            pairs = team[column[p.pair_peer[team]]]
            cost = 0 if challenge.diversity_required else weight
            out.append(
                CountGroup(
                    pairs=pairs, lo=minimum, hi=len(pairs), label=RuleId.S2, shortfall_cost=cost
                )
            )
    return out


def party_mixes(enc: Encoding) -> list[MixGroup]:
    """H7: two or more member peers on a team are not all of one party."""
    p, peers = enc.problem, enc.eligibility.peers
    member_seat = np.array([s.kind is PeerKind.MEMBER and not s.shadow for s in enc.seats])
    out = []
    for t in range(len(enc.teams)):
        if member_seat[p.seat_team == t].sum() < 2:
            continue
        pairs = np.flatnonzero((p.seat_team[p.pair_seat] == t) & member_seat[p.pair_seat])
        out.append(MixGroup(pairs=pairs, values=peers.party[p.pair_peer[pairs]], label=RuleId.H7))
    return out


def group_office_shares(enc: Encoding) -> list[Deviation]:
    """S4: member seats of each group office near its target share (scoring.group_targets),
    less the seats the fixed rest of the year holds."""
    p, peers = enc.problem, enc.eligibility.peers
    offices = list(GroupOffice)
    office_of_party = np.array([offices.index(GROUP_OFFICE_OF_PARTY[c]) for c in PARTY_CODES])
    seat_ok = np.array([not s.shadow for s in enc.seats], dtype=bool)
    party = peers.party[p.pair_peer]
    member_pair = seat_ok[p.pair_seat] & peers.is_member[p.pair_peer] & (party >= 0)
    pair_office = np.where(member_pair, office_of_party[np.maximum(party, 0)], -1)
    weight = enc.programme.settings.weight(RuleId.S4) * SHARE_UNITS_PER_SEAT
    fixed = enc.fixed.office_seats() if enc.fixed is not None else {}
    out = []
    for office, target in group_targets(enc.programme).items():
        pairs = np.flatnonzero(pair_office == offices.index(office))
        target -= fixed.get(office.value, 0)
        out.append(
            Deviation(
                pairs=pairs,
                coefs=np.ones(len(pairs), dtype=np.int64),
                target=int(target),
                cost=weight,
                label=RuleId.S4,
            )
        )
    return out


def continuity_rewards(enc: Encoding) -> list[Reward]:
    """S5: a progress-review seat held by a member of the original team earns its points
    back (the constant S5 offset counts every such seat as unmet). With the rest of the
    year fixed, a fixed original team counts like recorded placements, and a fixed review
    of an encoded team earns for each of its members the encoded team takes."""
    p, prog = enc.problem, enc.programme
    index = enc.eligibility.peer_index
    team_of = {c.challenge_id: t for t, c in enumerate(enc.teams)}
    shadow = np.array([s.shadow for s in enc.seats], dtype=bool)
    by_team = team_slices(p.seat_team[p.pair_seat], len(enc.teams))
    weight = prog.settings.weight(RuleId.S5)
    out = []
    for t, challenge in enumerate(enc.teams):
        if not challenge.follows:
            continue
        placed = {
            index[pl.peer_id] for pl in prog.placements if pl.challenge_id == challenge.follows
        }
        # An earlier year's original (not a team here): its history team is fixed, like
        # recorded placements (S5 across years).
        placed |= {index[q] for q in past_team(prog, challenge.follows) if q in index}
        if enc.fixed is not None:
            placed |= {index[a.peer_id] for a in enc.fixed.team(challenge.follows)}
        review = by_team[t][~shadow[p.pair_seat[by_team[t]]]]
        if challenge.follows in team_of:
            orig = by_team[team_of[challenge.follows]]
        else:
            orig = np.zeros(0, dtype=np.int64)
        # Only peers who can earn the reward (placed, or candidates of the original team):
        # grouping every review candidate by peer cost milliseconds per review.
        can_earn = np.union1d(np.fromiter(placed, dtype=np.int64), p.pair_peer[orig])
        review = review[np.isin(p.pair_peer[review], can_earn)]
        orig = orig[np.isin(p.pair_peer[orig], p.pair_peer[review])]
        review_by_peer = _by_peer(p.pair_peer, review)
        orig_by_peer = _by_peer(p.pair_peer, orig)
        for peer, pairs_a in review_by_peer.items():
            if peer in placed:
                out.append(Reward(pairs_a, np.zeros(0, dtype=np.int64), weight, RuleId.S5))
            elif peer in orig_by_peer:
                out.append(Reward(pairs_a, orig_by_peer[peer], weight, RuleId.S5))
    if enc.fixed is not None:
        out += _fixed_review_rewards(enc, team_of, by_team)
    return out


def _fixed_review_rewards(enc: Encoding, team_of: dict, by_team: list) -> list[Reward]:
    """S5 against fixed progress reviews: each non-shadow member of a fixed review of an
    encoded team earns its points once that team takes them (unless they are a recorded
    member of it already, which the fixed review earns by itself)."""
    p, prog, index = enc.problem, enc.programme, enc.eligibility.peer_index
    weight = prog.settings.weight(RuleId.S5)
    out = []
    for review in prog.challenges:
        t = team_of.get(review.follows)
        if t is None or review.challenge_id in team_of:
            continue
        original = enc.teams[t].challenge_id
        placed = {pl.peer_id for pl in prog.placements if pl.challenge_id == original}
        placed |= past_team(prog, original)
        earners = [
            index[row.peer_id]
            for row in enc.fixed.team(review.challenge_id)
            if not prog.seat_by_key[(row.challenge_id, row.seat_id)].shadow
            and row.peer_id not in placed
        ]
        team = by_team[t]
        by_peer = _by_peer(p.pair_peer, team[np.isin(p.pair_peer[team], earners)])
        for peer in earners:
            if peer in by_peer:
                out.append(Reward(by_peer[peer], np.zeros(0, dtype=np.int64), weight, RuleId.S5))
    return out


def _by_peer(pair_peer: np.ndarray, pairs: np.ndarray) -> dict[int, np.ndarray]:
    peers = pair_peer[pairs]
    order = np.argsort(peers, kind="stable")
    cuts = np.flatnonzero(np.diff(peers[order])) + 1
    return {int(peers[g[0]]): pairs[g] for g in np.split(order, cuts) if len(g)}
