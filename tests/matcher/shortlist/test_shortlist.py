"""Shortlist: k distinct valid teams against the rest of the year, exact scores, alternates.

Every option and alternate is re-validated with the whole plan (test_shortlist_support).
The plan matters: a peer busy on another challenge that week (H3) or with too few days
left after the plan's seats (H4) must not be offered, and the rest of the plan's points
(S4 shares, S5 continuity with the followed challenge's team) must be scored exactly.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import (
    START,
    assign,
    make_challenge,
    make_peer,
    make_peers,
    make_placement,
    make_programme,
    make_seat,
    make_unavailability,
)
from shortlist_support import check_result, differing_seats

from matcher.models import Party, PeerKind
from matcher.shortlist import ShortlistIndex, shortlist


def roomy_cpc(**kwargs):
    """The default five-seat CPC at U1 with several peers per seat (homes spread)."""
    members = [
        make_peer("P1", home_council="U3"),
        make_peer("P2", home_council="L1"),
        make_peer("P3", home_council="C1", party=Party.CON),
        make_peer("P4", home_council="D2", party=Party.LD),
        make_peer("P5", home_council="D1", party=Party.CON),
    ]
    officers = make_peers(7, PeerKind.OFFICER, prefix="O", home_offset=0)
    return make_programme(peers=[*members, *officers, *kwargs.pop("peers", [])], **kwargs)


def test_options_are_valid_distinct_and_exactly_scored():
    prog = roomy_cpc()
    index = ShortlistIndex(prog)
    result = shortlist(index, "CH1", k=3, d=2, m=4)
    assert len(result.options) == 3
    check_result(index, result, d=2)
    scores = [o.score for o in result.options]
    assert scores == sorted(scores)


@pytest.mark.parametrize("d", [1, 3])
def test_options_differ_in_at_least_d_seats(d):
    index = ShortlistIndex(roomy_cpc())
    result = shortlist(index, "CH1", k=3, d=d, m=0)
    assert result.options
    check_result(index, result, d=d, alternates=False)
    for i, a in enumerate(result.options):
        assert all(differing_seats(a, b) >= d for b in result.options[i + 1 :])


def test_plan_rows_block_busy_peers_and_count_their_days():
    """H3/H4 against the plan: P1 is busy on CH0 that week; P2's plan days use up the cap."""
    other = make_challenge("CH0", earliest_start=START + timedelta(days=1))
    later = make_challenge("CH9", earliest_start=date(2024, 9, 2), charged_days=30)
    seats = [
        make_seat("S1", "CH0"),
        make_seat("S1", "CH9"),
        make_seat("S1", "CH1"),
        make_seat("S2", "CH1", party_rule="con"),
    ]
    peers = [
        make_peer("P1"),
        make_peer("P2", home_council="L1", days_used=5),
        make_peer("P3", home_council="D1"),
        make_peer("P4", home_council="C1", party=Party.CON),
    ]
    prog = make_programme(peers=peers, seats=seats, challenges=[make_challenge(), other, later])
    plan = [assign(prog, "P1", "S1", "CH0"), assign(prog, "P2", "S1", "CH9")]
    index = ShortlistIndex(prog, plan)
    result = shortlist(index, "CH1", k=3, d=1, m=5)
    chosen = {a.peer_id for o in result.options for a in o.assignments}
    alternates = {x.peer_id for o in result.options for v in o.alternates.values() for x in v}
    assert chosen | alternates <= {"P3", "P4"}
    check_result(index, result, d=1)


def test_continuity_with_the_followed_challenges_team_is_scored():
    """S5: a progress review prefers the original team's members (placed in the plan)."""
    original = make_challenge("CH0", earliest_start=date(2024, 4, 8))
    review = make_challenge(
        "CH1", type="progress_review", onsite_days=2, charged_days=3, follows="CH0"
    )
    peers = [
        make_peer("P1", home_council="C1"),
        make_peer("P2", home_council="U3"),
        make_peer("P3", home_council="L1", party=Party.CON),
    ]
    seats = [make_seat("S1", "CH0"), make_seat("S1", "CH1"), make_seat("S2", "CH1")]
    prog = make_programme(
        peers=peers,
        challenges=[original, review],
        seats=seats,
        placements=[make_placement("P2", "S1", "CH0", "proposed")],
    )
    index = ShortlistIndex(prog)
    result = shortlist(index, "CH1", k=2, d=1)
    assert "P2" in {a.peer_id for a in result.options[0].assignments}
    assert result.options[0].points["S5"] == -200
    check_result(index, result, d=1)


def test_confirmed_placements_of_the_challenge_appear_in_every_option():
    prog = roomy_cpc(placements=[make_placement("O5", "officer_scope")])
    index = ShortlistIndex(prog)
    result = shortlist(index, "CH1", k=3, d=2, m=2)
    assert result.options
    for option in result.options:
        assert ("officer_scope", "O5") in {(a.seat_id, a.peer_id) for a in option.assignments}
        assert option.alternates["officer_scope"] == []  # a confirmed seat is not offered
    check_result(index, result, d=2)


@pytest.mark.parametrize("o5_away_later", [False, True])
def test_a_proposed_seats_start_is_scored_as_the_validator_scores_it(o5_away_later):
    """S7's start charge (issue 12 follow-up): O5 is proposed in officer_scope for the
    second Monday. Options are scored exactly as matcher.scoring adds them to the plan;
    the proposed start wins when nothing else differs, and when O5 is away that week,
    keeping O5 at the first Monday (charged for the move) beats losing O5."""
    later = START + timedelta(days=7)
    proposed = make_placement("O5", "officer_scope", status="proposed").model_copy(
        update={"start_date": later}
    )
    away = [make_unavailability("O5", later, later + timedelta(days=4))] if o5_away_later else []
    prog = roomy_cpc(
        challenges=[make_challenge(earliest_start=START, latest_start=later)],
        placements=[proposed],
        unavailability=away,
    )
    index = ShortlistIndex(prog)
    result = shortlist(index, "CH1", k=3, d=1, m=2)
    check_result(index, result, d=1)
    best = result.options[0]
    assert best.start == (START if o5_away_later else later)
    assert ("officer_scope", "O5") in {(a.seat_id, a.peer_id) for a in best.assignments}
    moved = prog.settings.start_moved_weight if o5_away_later else 0
    assert best.points["S7"] == -prog.settings.weight("S7") + moved


def test_requests_and_required_diversity():
    """S6 pulls the requested peer in; a required S2 minimum is met by every option."""
    ch = make_challenge(requests=("O3",), min_women=1, diversity_required=True)
    prog = roomy_cpc(
        challenges=[ch],
        peers=[make_peer("W1", PeerKind.OFFICER, home_council="U3", gender="female")],
    )
    index = ShortlistIndex(prog)
    result = shortlist(index, "CH1", k=3, d=1, m=3)
    assert result.options
    for option in result.options:
        assert "W1" in {a.peer_id for a in option.assignments}
    assert "O3" in {a.peer_id for a in result.options[0].assignments}
    check_result(index, result, d=1)


def test_explanations_cite_rules_days_left_and_expenses():
    index = ShortlistIndex(roomy_cpc())
    option = shortlist(index, "CH1", k=1).options[0]
    for e in option.explanations:
        assert e.sentences[0].startswith("H1:")
        assert any(s.startswith("S3: expenses estimated at £") for s in e.sentences)
        assert e.expense_gbp > 0 and 0 <= e.days_left <= 40
        assert e.qualified.startswith("H1:")


def test_pruning_never_makes_a_feasible_challenge_infeasible():
    """Top-1 pruning keeps P1 and O1 only, who share a home (H8): the full pool is tried."""
    from matcher.shortlist import problem

    peers = [
        make_peer("P1", home_council="C1"),
        make_peer("O1", PeerKind.OFFICER, home_council="C1"),
        make_peer("O2", PeerKind.OFFICER, home_council="U3"),
    ]
    seats = [make_seat("S1"), make_seat("S2", kind=PeerKind.OFFICER)]
    prog = make_programme(peers=peers, seats=seats)
    original = problem.TOP_N
    problem.TOP_N = 1
    try:
        result = shortlist(ShortlistIndex(prog), "CH1", k=1, d=1)
    finally:
        problem.TOP_N = original
    assert [(a.seat_id, a.peer_id) for a in result.options[0].assignments] == [
        ("S1", "P1"),
        ("S2", "O2"),
    ]


def test_the_validator_check_rejects_a_broken_team():
    """verify.check_team on the sub-programme: an H8 clash with the plan context is caught."""
    from matcher.shortlist import InternalError
    from matcher.shortlist.verify import check_team

    prog = roomy_cpc()
    index = ShortlistIndex(prog)
    team = [assign(prog, "P1", "lead_member"), assign(prog, "O1", "lead_officer")]
    with pytest.raises(InternalError, match="H8"):
        check_team(index, "CH1", team)  # P1 and O1 both live at U3


def test_result_is_json_ready():
    import json

    result = shortlist(ShortlistIndex(roomy_cpc()), "CH1", k=2, m=2)
    doc = json.loads(json.dumps(result.to_dict()))
    assert doc["ok"] and len(doc["options"]) == 2
    assert doc["options"][0]["assignments"][0]["challenge_id"] == "CH1"
