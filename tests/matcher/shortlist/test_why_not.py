"""Why not this peer in this seat: the exact excluding rule instances, or what it costs.

Each excluded case names its catalogue code and clause (the validator's detail) about
the specific case; an eligible peer gets the best team containing them and its score
difference; a peer no valid team can contain gets the team rules that forbid it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import (
    START,
    assign,
    make_challenge,
    make_conflict,
    make_peer,
    make_peers,
    make_placement,
    make_programme,
    make_seat,
    make_unavailability,
)

from matcher.models import Party, PeerKind
from matcher.shortlist import ShortlistIndex
from matcher.shortlist.whynot import why_not


def cpc(*extra, **kwargs):
    members = [
        make_peer("P1", home_council="U3"),
        make_peer("P2", home_council="L1", party=Party.CON),
    ]
    officers = make_peers(4, PeerKind.OFFICER, prefix="O", home_offset=2)
    return make_programme(peers=[*members, *officers, *extra], **kwargs)


def cases(answer):
    return {(c.code, c.detail) for v in answer.excluded.values() for c in v}


@pytest.mark.parametrize(
    "peer, expected",
    [
        (make_peer("X", home_council="U2"), {("H5", "neighbour")}),
        (make_peer("X", home_council="U1"), {("H5", "own_council")}),
        (make_peer("X", home_council="D2", party=Party.CON), {("H7", "party_rule")}),
        (make_peer("X", home_council="D2", trained_on=date(2019, 1, 1)), {("H6", "training")}),
        (make_peer("X", home_council="D2", days_used=38), {("H4", "")}),
        (
            make_peer("X", PeerKind.OFFICER, home_council="D2"),
            {("H1", "kind"), ("H7", "party_rule")},
        ),
        (make_peer("X", home_council="D2", lead_peer=False), {("H1", "lead")}),
    ],
)
def test_excluded_peers_get_the_exact_rules(peer, expected):
    answer = why_not(ShortlistIndex(cpc(peer)), "CH1", "lead_member", "X")
    assert not answer.eligible
    assert cases(answer) == expected
    assert all(c.message.startswith(c.code) for v in answer.excluded.values() for c in v)


def test_neighbour_sentence_names_both_councils():
    answer = why_not(
        ShortlistIndex(cpc(make_peer("X", home_council="U2"))), "CH1", "lead_member", "X"
    )
    (message,) = [c.message for v in answer.excluded.values() for c in v]
    assert "Hilltown (U2) borders the client Rivertown (U1)" in message


def test_declared_conflict_and_unavailability_per_start():
    """A window of two Mondays: unavailable in the first week (H3), conflicted in both."""
    ch = make_challenge(earliest_start=START, latest_start=START + timedelta(days=7))
    x = make_peer("X", home_council="D2")
    prog = cpc(
        x,
        challenges=[ch],
        conflicts=[make_conflict("X", "U1")],
        unavailability=[make_unavailability("X", START)],
    )
    answer = why_not(ShortlistIndex(prog), "CH1", "lead_member", "X")
    first, second = (START.isoformat(), (START + timedelta(days=7)).isoformat())
    assert {(c.code, c.detail) for c in answer.excluded[first]} == {
        ("H3", "unavailable"),
        ("H5", "declared"),
    }
    assert {(c.code, c.detail) for c in answer.excluded[second]} == {("H5", "declared")}


def test_busy_in_the_plan_is_h3_overlap_with_the_other_challenge():
    other = make_challenge("CH0", earliest_start=START + timedelta(days=2))
    x = make_peer("X", home_council="D2")
    prog = cpc(
        x,
        challenges=[make_challenge(), other],
        seats=[make_seat("S1", "CH0"), make_seat("lead_member", "CH1", party_rule="leader_party")],
    )
    index = ShortlistIndex(prog, [assign(prog, "X", "S1", "CH0")])
    answer = why_not(index, "CH1", "lead_member", "X")
    (case,) = [c for v in answer.excluded.values() for c in v]
    assert (case.code, case.detail) == ("H3", "overlap") and "CH0" in case.message


def test_eligible_peer_gets_the_best_team_with_them_and_the_difference():
    prog = cpc(make_peer("X", home_council="D2", council_types=frozenset()))
    answer = why_not(ShortlistIndex(prog), "CH1", "lead_member", "X")
    assert answer.eligible and answer.with_peer is not None
    assert ("lead_member", "X") in {(a.seat_id, a.peer_id) for a in answer.with_peer.assignments}
    assert answer.difference > 0
    assert any(r.startswith("S1") for r in answer.reasons)


def test_confirmed_holder_blocks_the_seat():
    prog = cpc(make_peer("X", home_council="D2"), placements=[make_placement("P1", "lead_member")])
    answer = why_not(ShortlistIndex(prog), "CH1", "lead_member", "X")
    assert answer.eligible and answer.with_peer is None
    assert answer.reasons[0].startswith("H1: seat lead_member is confirmed for")


def test_team_rules_when_no_team_can_contain_them():
    """X shares a home (H8) with one of exactly three officers: no team contains X."""
    members = [
        make_peer("P1", home_council="U3"),
        make_peer("P2", home_council="L1", party=Party.CON),
        make_peer("X", home_council="D1"),
    ]
    prog = make_programme(
        peers=[*members, *make_peers(3, PeerKind.OFFICER, prefix="O", home_offset=2)]
    )
    answer = why_not(ShortlistIndex(prog), "CH1", "lead_member", "X")
    assert answer.eligible and answer.with_peer is None
    assert answer.reasons and answer.reasons[0].startswith("No valid team contains them")
