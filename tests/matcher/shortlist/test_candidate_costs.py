"""Points computed once (issue 10): a shortlist candidate costs what the batch encoding's
item for the same (seat, peer, start) costs.

On a generated S programme with S6 requests, S7 proposed placements and S8 history
added, every item of the unpruned batch encoding is compared with the shortlist's
per-rule points of the same seat, peer and start: the pair part (S1, S3, S6, S7, S8) must
be equal label by label, and S4 utilisation must equal the penalty the batch's day cap
puts on that item alone (for peers the plan has not placed, so both start from the days
already used).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import numpy as np
import pytest

from matcher.encoding.encode import encode
from matcher.encoding.points import PAIR_LABELS
from matcher.models import PastPlacement, Placement, PlacementStatus
from matcher.rules import RuleId
from matcher.shortlist import ShortlistIndex
from matcher.shortlist.candidates import ChallengeView


@pytest.fixture(scope="module")
def sample():
    """Generated S (real councils) with proposed placements and history added."""
    from matcher.councils import CouncilRegistry
    from matcher.generate import generate_programme
    from matcher.settings import AppSettings

    prog = generate_programme("S", 1, CouncilRegistry.from_data_dir(AppSettings().data_dir))
    enc = encode(prog, top_k=None)
    p = enc.problem
    placements, history = [], []
    for t in range(0, 40, 4):
        challenge = prog.challenges[t]
        pair = int(np.flatnonzero(p.seat_team[p.pair_seat] == t)[0])
        seat, peer = enc.seats[p.pair_seat[pair]], prog.peers[p.pair_peer[pair]]
        placements.append(
            Placement(
                challenge_id=challenge.challenge_id,
                seat_id=seat.seat_id,
                peer_id=peer.peer_id,
                status=PlacementStatus.PROPOSED,
            )
        )
        history.append(
            PastPlacement(
                peer_id=prog.peers[-1 - t].peer_id,
                council=challenge.council,
                start_date=challenge.earliest_start - timedelta(days=400),
            )
        )
    prog = dataclasses.replace(prog, placements=tuple(placements), history=tuple(history))
    return prog, encode(prog, top_k=None), ShortlistIndex(prog)


def test_shortlist_candidate_costs_equal_the_batch_item_costs(sample):
    prog, enc, index = sample
    p = enc.problem
    first_seat = {t: int(np.flatnonzero(p.seat_team == t)[0]) for t in range(len(enc.teams))}
    first_option = {t: int(np.flatnonzero(p.option_team == t)[0]) for t in range(len(enc.teams))}
    views = {}
    seen = dict.fromkeys(PAIR_LABELS, 0)
    for item in range(p.n_items):
        pair, option = int(p.item_pair[item]), int(p.item_option[item])
        seat, peer = int(p.pair_seat[pair]), int(p.pair_peer[pair])
        team = int(p.seat_team[seat])
        challenge = enc.teams[team]
        view = views.setdefault(team, ChallengeView.of(index, challenge.challenge_id))
        points = view.seat_points(seat - first_seat[team])
        for label in PAIR_LABELS:
            batch = int(p.pair_costs[label][pair]) if label in p.pair_costs else 0
            assert int(points[label][peer]) == batch, (challenge.challenge_id, peer, label)
            seen[label] += batch != 0
        assert view.options[option - first_option[team]] == enc.option_dates[option]
    assert all(seen.values()), seen  # every pair rule was exercised with non-zero points


def test_shortlist_utilisation_equals_the_batch_day_cap_penalty(sample):
    prog, enc, index = sample
    p = enc.problem
    planned = {index.peer_index[a.peer_id] for a in index.plan.rows}
    first_seat = {t: int(np.flatnonzero(p.seat_team == t)[0]) for t in range(len(enc.teams))}
    first_option = {t: int(np.flatnonzero(p.option_team == t)[0]) for t in range(len(enc.teams))}
    views, checked, charged = {}, 0, 0
    for cap in p.capacities:
        for item, weight in zip(cap.items.tolist(), cap.weights.tolist(), strict=True):
            pair, option = int(p.item_pair[item]), int(p.item_option[item])
            peer, seat = int(p.pair_peer[pair]), int(p.pair_seat[pair])
            if peer in planned:
                continue
            team = int(p.seat_team[seat])
            view = views.setdefault(team, ChallengeView.of(index, enc.teams[team].challenge_id))
            batch = sum(
                slope * max(0, weight - offset)
                for offset, slope in zip(cap.penalty_offsets, cap.penalty_slopes, strict=True)
            )
            s4 = view.seat_points(seat - first_seat[team])[RuleId.S4]
            assert int(s4[option - first_option[team], peer]) == batch
            checked += 1
            charged += batch != 0
    assert checked and charged  # some items do reach a utilisation step
