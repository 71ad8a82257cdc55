"""End to end through run_batch: each hard rule decides the answer of a tiny programme.

Pattern: the cheapest peer would break the rule. A `breaks` test shows the validator
rejects the team with that peer and run_batch returns another (validated) answer; the
matching `passes` test turns the rule off or makes the cheap peer compliant, and
run_batch takes the cheap peer. Where several optimal teams exist, the tests assert
properties of the team, not a particular one. See tests/helpers_batch.py for the costs.
"""

from __future__ import annotations

from datetime import date

import pytest
from factories import (
    START,
    assign,
    make_challenge,
    make_conflict,
    make_peer,
    make_placement,
    make_seat,
    make_unavailability,
)
from helpers_batch import PARAMS, programme, rules_broken, seated, solve_ok, starts, team

from matcher.batch.job import run_batch
from matcher.encoding.encode import EncodingError
from matcher.models import Gender, Party, PartyRule, PeerKind
from matcher.validation import validate

CHEAP, DEAR = "X", "Y"


def cheap_and_dear(kind=PeerKind.MEMBER, cheap: dict | None = None, dear: dict | None = None):
    """X at C1 (the cheapest H5 allows at U1) and Y at U3 (dear), both otherwise valid."""
    return [
        make_peer(CHEAP, kind, home_council="C1", **(cheap or {})),
        make_peer(DEAR, kind, home_council="U3", **(dear or {})),
    ]


def later(challenge_id: str, start: date, **fields):
    return make_challenge(challenge_id, earliest_start=start, **fields)


# ---------------------------------------------------------------- H1 seats

H1_CASES = {
    "tags": (
        dict(kind=PeerKind.OFFICER, required_tags=frozenset({"s151"})),
        PeerKind.OFFICER,
        {"tags": frozenset({"transformation"})},
    ),
    "kind": (dict(kind=PeerKind.MEMBER), PeerKind.OFFICER, {}),
    "lead": (dict(lead_required=True), PeerKind.MEMBER, {"lead_peer": False}),
}


@pytest.mark.rule("H1", "breaks")
@pytest.mark.parametrize("detail", sorted(H1_CASES))
def test_h1_seat_needs_skip_the_cheap_peer(detail):
    seat_fields, cheap_kind, cheap_fields = H1_CASES[detail]
    peers = [
        make_peer(CHEAP, cheap_kind, home_council="C1", **cheap_fields),
        make_peer(DEAR, seat_fields.get("kind", PeerKind.MEMBER), home_council="U3"),
    ]
    prog = programme(peers, seats=[make_seat(**seat_fields)])
    assert [v.detail for v in validate(prog, []).of_rule("H1")] == ["unfilled"]
    bad = validate(prog, [assign(prog, CHEAP)])
    assert [(v.rule, v.detail) for v in bad.violations] == [("H1", detail)]
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("H1", "passes")
def test_h1_seat_without_those_needs_takes_the_cheap_peer():
    prog = programme(cheap_and_dear(cheap={"lead_peer": False}))
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


@pytest.mark.rule("H1", "passes")
def test_h1_every_seat_of_the_default_cpc_template_is_filled():
    """No explicit seats: the CPC template at U1 has five seats, each filled once."""
    peers = [
        make_peer("M1", home_council="U3"),
        make_peer("M2", home_council="L1", party=Party.CON),
        make_peer("O1", PeerKind.OFFICER, home_council="D1"),
        make_peer("O2", PeerKind.OFFICER, home_council="D2"),
        make_peer("O3", PeerKind.OFFICER, home_council="C1"),
    ]
    prog = programme(peers, seats=())
    result = solve_ok(prog)
    assert set(seated(result)) == {
        "lead_member",
        "lead_officer",
        "member",
        "officer_finance",
        "officer_scope",
    }
    assert len(team(result)) == 5 and result.unfilled == []


# ---------------------------------------------------------------- H2 one seat each


@pytest.mark.rule("H2", "breaks")
def test_h2_the_cheap_peer_takes_one_of_two_seats():
    seats = [make_seat("S1", kind=PeerKind.OFFICER), make_seat("S2", kind=PeerKind.OFFICER)]
    prog = programme(cheap_and_dear(PeerKind.OFFICER), seats=seats)
    assert "H2" in rules_broken(prog, [(CHEAP, "S1"), (CHEAP, "S2")])
    assert sorted(seated(solve_ok(prog)).values()) == [CHEAP, DEAR]


@pytest.mark.rule("H2", "passes")
def test_h2_the_cheap_peer_takes_a_seat_on_each_of_two_challenges():
    challenges = [make_challenge("CH1"), later("CH2", date(2024, 7, 1))]
    prog = programme(cheap_and_dear(), challenges=challenges)
    result = solve_ok(prog)
    assert seated(result, "CH1") == seated(result, "CH2") == {"S1": CHEAP}


# ---------------------------------------------------------------- H3 availability


@pytest.mark.rule("H3", "breaks")
@pytest.mark.parametrize(
    "day", [date(2024, 6, 2), date(2024, 6, 5)], ids=["evening_before", "last_onsite_day"]
)
def test_h3_an_unavailable_cheap_peer_is_skipped(day):
    prog = programme(cheap_and_dear(), unavailability=[make_unavailability(CHEAP, day)])
    assert rules_broken(prog, [(CHEAP,)]) == {"H3": 1}
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("H3", "passes")
@pytest.mark.parametrize(
    "day", [date(2024, 6, 1), date(2024, 6, 6)], ids=["two_days_before", "day_after"]
)
def test_h3_unavailability_outside_the_busy_period_does_not_matter(day):
    prog = programme(cheap_and_dear(), unavailability=[make_unavailability(CHEAP, day)])
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


@pytest.mark.rule("H3", "breaks")
def test_h3_overlapping_fixed_challenges_take_the_cheap_peer_once():
    """CH1 keeps its peer busy 2-5 June; CH2 starting Thursday 6 June from the 5th."""
    challenges = [make_challenge("CH1"), later("CH2", date(2024, 6, 6))]
    prog = programme(cheap_and_dear(), challenges=challenges)
    assert rules_broken(prog, [(CHEAP, "S1", "CH1"), (CHEAP, "S1", "CH2")]) == {"H3": 1}
    result = solve_ok(prog)
    assert sorted([seated(result, "CH1")["S1"], seated(result, "CH2")["S1"]]) == [CHEAP, DEAR]


@pytest.mark.rule("H3", "passes")
def test_h3_back_to_back_challenges_share_the_cheap_peer():
    challenges = [make_challenge("CH1"), later("CH2", date(2024, 6, 7))]
    prog = programme(cheap_and_dear(), challenges=challenges)
    result = solve_ok(prog)
    assert seated(result, "CH1") == seated(result, "CH2") == {"S1": CHEAP}


@pytest.mark.rule("H3", "breaks")
def test_h3_an_overlap_moves_the_windowed_team_to_another_monday():
    """CH2 may start on 3 or 10 June; on the 3rd X could not serve both, so CH2 moves."""
    challenges = [
        make_challenge("CH1"),
        make_challenge("CH2", earliest_start=START, latest_start=date(2024, 6, 10)),
    ]
    prog = programme(cheap_and_dear(), challenges=challenges)
    assert rules_broken(prog, [(CHEAP, "S1", "CH1"), (CHEAP, "S1", "CH2", START)]) == {"H3": 1}
    result = solve_ok(prog)
    assert seated(result, "CH1") == seated(result, "CH2") == {"S1": CHEAP}
    assert starts(result) == {"CH1": START, "CH2": date(2024, 6, 10)}


@pytest.mark.rule("H3", "passes")
def test_h3_unavailability_moves_the_team_start_not_the_peer():
    challenge = make_challenge(earliest_start=date(2024, 5, 29), latest_start=date(2024, 6, 12))
    prog = programme(
        cheap_and_dear(),
        challenges=[challenge],
        unavailability=[make_unavailability(CHEAP, date(2024, 6, 1), date(2024, 6, 8))],
    )
    result = solve_ok(prog)
    assert seated(result) == {"S1": CHEAP}
    assert starts(result) == {"CH1": date(2024, 6, 10)}  # Mondays 3 and 10 June


# ---------------------------------------------------------------- H4 day caps

TWO_MONTHS = [make_challenge("CH1"), later("CH2", date(2024, 7, 1))]


@pytest.mark.rule("H4", "breaks")
def test_h4_a_cap_forbids_a_second_challenge():
    prog = programme(cheap_and_dear(cheap={"cap_days": 10}), challenges=TWO_MONTHS)
    assert rules_broken(prog, [(CHEAP, "S1", "CH1"), (CHEAP, "S1", "CH2")]) == {"H4": 1}
    result = solve_ok(prog)
    assert sorted([seated(result, "CH1")["S1"], seated(result, "CH2")["S1"]]) == [CHEAP, DEAR]


@pytest.mark.rule("H4", "breaks")
def test_h4_days_already_used_leave_no_room():
    prog = programme(cheap_and_dear(cheap={"days_used": 34}))
    assert rules_broken(prog, [(CHEAP,)]) == {"H4": 1}
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("H4", "passes")
def test_h4_the_default_cap_allows_both_challenges():
    prog = programme(cheap_and_dear(cheap={"days_used": 26}), challenges=TWO_MONTHS)
    result = solve_ok(prog)
    assert seated(result, "CH1") == seated(result, "CH2") == {"S1": CHEAP}


@pytest.mark.rule("H4", "passes")
def test_h4_days_used_belong_to_the_programme_year_only():
    challenges = [make_challenge("CH1"), later("CH2", date(2025, 6, 2))]
    prog = programme(cheap_and_dear(cheap={"days_used": 33}), challenges=challenges)
    result = solve_ok(prog)
    assert seated(result, "CH1") == seated(result, "CH2") == {"S1": CHEAP}


@pytest.mark.rule("H4", "passes")
def test_h4_a_shadow_seat_counts_toward_no_cap():
    seats = [make_seat("S1"), make_seat("SH", shadow=True)]
    peers = [make_peer(CHEAP, home_council="C1", days_used=40), make_peer(DEAR, home_council="U3")]
    prog = programme(peers, seats=seats)
    assert seated(solve_ok(prog)) == {"S1": DEAR, "SH": CHEAP}


# ---------------------------------------------------------------- H5 conflicts

H5_CASES = {
    # detail: (client, cheap peer's home, cheap peer extras, challenge extras, conflicts)
    "own_council": ("U1", "U1", {}, {}, []),
    "neighbour": ("U1", "U2", {}, {}, []),
    "two_tier": ("D1", "C1", {}, {}, []),
    "declared": ("U1", "C1", {}, {}, [make_conflict(CHEAP, "U1")]),
    "former_employer": (
        "U1",
        "C1",
        {},
        {},
        [make_conflict(CHEAP, "U1", "former_employer", until_year=2019)],
    ),
    "veto": ("U1", "C1", {}, {"vetoes": (CHEAP,)}, []),
}


def h5_programme(detail: str, settings=None, conflicts=None):
    client, home, extras, challenge_fields, default_conflicts = H5_CASES[detail]
    peers = [make_peer(CHEAP, home_council=home, **extras), make_peer(DEAR, home_council="U3")]
    return programme(
        peers,
        challenges=[make_challenge(council=client, **challenge_fields)],
        conflicts=default_conflicts if conflicts is None else conflicts,
        settings=settings,
    )


@pytest.mark.rule("H5", "breaks")
@pytest.mark.parametrize("detail", sorted(H5_CASES))
def test_h5_a_conflicted_cheap_peer_is_skipped(detail):
    prog = h5_programme(detail)
    bad = validate(prog, [assign(prog, CHEAP)])
    assert "H5" in bad.by_rule() and detail in {v.detail for v in bad.of_rule("H5")}
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("H5", "passes")
def test_h5_with_the_neighbour_rule_off_the_neighbour_is_taken():
    prog = h5_programme("neighbour", settings={"neighbour_rule": False})
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


@pytest.mark.rule("H5", "passes")
@pytest.mark.parametrize(
    "conflict",
    [
        make_conflict(CHEAP, "U1", "former_employer", until_year=2018),  # 6 years before 2024
        make_conflict(CHEAP, "U2"),  # declared elsewhere
    ],
    ids=["former_employer_long_ago", "conflict_elsewhere"],
)
def test_h5_an_old_or_unrelated_conflict_does_not_exclude(conflict):
    prog = h5_programme("declared", conflicts=[conflict])
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


# ---------------------------------------------------------------- H6 eligibility

CUTOFF = date(2021, 6, 3)  # START minus 3 years
H6_BREAKS = {
    "stale_training": (PeerKind.MEMBER, {"trained_on": date(2021, 6, 2)}),
    "no_conference": (PeerKind.MEMBER, {"conference_on": None}),
    "left_council": (PeerKind.MEMBER, {"serving_until": date(2023, 6, 3)}),
    "officer_left": (PeerKind.OFFICER, {"serving_until": date(2024, 6, 2)}),
}
H6_PASSES = {
    "trained_on_cutoff": (PeerKind.MEMBER, {"trained_on": CUTOFF, "conference_on": CUTOFF}),
    "waived": (PeerKind.MEMBER, {"trained_on": None, "training_waived": True}),
    "left_365_days_ago": (PeerKind.MEMBER, {"serving_until": date(2023, 6, 4)}),
    "officer_serving_on_start": (PeerKind.OFFICER, {"serving_until": START}),
}


def h6_programme(kind, fields):
    seat = make_seat(kind=kind)
    return programme(cheap_and_dear(kind, cheap=fields), seats=[seat])


@pytest.mark.rule("H6", "breaks")
@pytest.mark.parametrize("case", sorted(H6_BREAKS))
def test_h6_an_ineligible_cheap_peer_is_skipped(case):
    prog = h6_programme(*H6_BREAKS[case])
    assert rules_broken(prog, [(CHEAP,)]) == {"H6": 1}
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("H6", "passes")
@pytest.mark.parametrize("case", sorted(H6_PASSES))
def test_h6_an_eligible_cheap_peer_is_taken(case):
    prog = h6_programme(*H6_PASSES[case])
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


# ---------------------------------------------------------------- H7 party balance


@pytest.mark.rule("H7", "breaks")
@pytest.mark.parametrize(
    ("rule", "cheap_party", "dear_party"),
    [
        (PartyRule.LEADER_PARTY, Party.CON, Party.LAB),
        (PartyRule.OTHER_PARTY, Party.LAB, Party.GREEN),
        ("ld", Party.LAB, Party.LD),
    ],
)
def test_h7_a_party_rule_skips_the_cheap_peer(rule, cheap_party, dear_party):
    peers = cheap_and_dear(cheap={"party": cheap_party}, dear={"party": dear_party})
    prog = programme(peers, seats=[make_seat(party_rule=rule)])
    assert rules_broken(prog, [(CHEAP,)]) == {"H7": 1}
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("H7", "passes")
def test_h7_the_challenge_leader_override_admits_the_cheap_peer():
    peers = cheap_and_dear(cheap={"party": Party.CON})
    prog = programme(
        peers,
        seats=[make_seat(party_rule=PartyRule.LEADER_PARTY)],
        challenges=[make_challenge(leader_party=Party.CON)],
    )
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


def mix_programme(second_seat_shadow: bool):
    """Two member seats; the two cheap peers are Labour, the dear one Conservative."""
    peers = [
        make_peer("X1", home_council="C1"),
        make_peer("X2", home_council="D2"),
        make_peer(DEAR, home_council="U3", party=Party.CON),
    ]
    seats = [make_seat("S1"), make_seat("S2", shadow=second_seat_shadow)]
    return programme(peers, seats=seats)


@pytest.mark.rule("H7", "breaks")
def test_h7_two_members_of_one_party_are_not_a_team():
    prog = mix_programme(second_seat_shadow=False)
    assert rules_broken(prog, [("X1", "S1"), ("X2", "S2")]) == {"H7": 1}
    chosen = team(solve_ok(prog))
    assert DEAR in chosen and len(chosen & {"X1", "X2"}) == 1


@pytest.mark.rule("H7", "passes")
def test_h7_a_shadow_member_does_not_count_toward_the_mix():
    result = solve_ok(mix_programme(second_seat_shadow=True))
    assert team(result) == {"X1", "X2"}


# ---------------------------------------------------------------- H8 team mix


@pytest.mark.rule("H8", "breaks")
def test_h8_two_cheap_peers_from_one_council_are_split():
    peers = [
        make_peer("X1", PeerKind.OFFICER, home_council="C1"),
        make_peer("X2", PeerKind.OFFICER, home_council="C1"),
        make_peer(DEAR, PeerKind.OFFICER, home_council="U3"),
    ]
    seats = [make_seat("S1", kind=PeerKind.OFFICER), make_seat("S2", kind=PeerKind.OFFICER)]
    prog = programme(peers, seats=seats)
    assert rules_broken(prog, [("X1", "S1"), ("X2", "S2")]) == {"H8": 1}
    chosen = team(solve_ok(prog))
    assert DEAR in chosen and len(chosen & {"X1", "X2"}) == 1


@pytest.mark.rule("H8", "passes")
def test_h8_cheap_peers_from_two_councils_are_both_taken():
    peers = [
        make_peer("X1", PeerKind.OFFICER, home_council="C1"),
        make_peer("X2", PeerKind.OFFICER, home_council="D2"),
        make_peer(DEAR, PeerKind.OFFICER, home_council="U3"),
    ]
    seats = [make_seat("S1", kind=PeerKind.OFFICER), make_seat("S2", kind=PeerKind.OFFICER)]
    assert team(solve_ok(programme(peers, seats=seats))) == {"X1", "X2"}


# ---------------------------------------------------------------- S2 made hard


def diversity_programme(required: bool, weight: int = 300):
    peers = [
        make_peer("X1", home_council="C1", gender=Gender.MALE, party=Party.CON),
        make_peer("X2", home_council="D2", gender=Gender.PREFER_NOT_TO_SAY),
        make_peer("W", home_council="U3", gender=Gender.FEMALE, party=Party.LD),
    ]
    challenge = make_challenge(min_women=1, diversity_required=required)
    return programme(
        peers,
        challenges=[challenge],
        seats=[make_seat("S1"), make_seat("S2")],
        settings={"weights": {"S4": 0, "S2": weight}},
    )


@pytest.mark.rule("S2", "breaks")
def test_s2_a_required_minimum_brings_a_woman_in():
    prog = diversity_programme(required=True)
    assert rules_broken(prog, [("X1", "S1"), ("X2", "S2")]) == {"S2": 1}
    result = solve_ok(prog)
    assert "W" in team(result)
    assert result.report.score.points["S2"] == 0


@pytest.mark.rule("S2", "passes")
def test_s2_a_cheap_soft_minimum_is_left_short():
    result = solve_ok(diversity_programme(required=False, weight=1))
    assert team(result) == {"X1", "X2"}
    assert result.report.score.points["S2"] == 1


# ---------------------------------------------------------------- confirmed and proposed


def test_a_confirmed_placement_is_kept_though_dearer():
    prog = programme(cheap_and_dear(), placements=[make_placement(DEAR)])
    result = solve_ok(prog)
    assert seated(result) == {"S1": DEAR}


def test_a_confirmed_placement_is_kept_and_the_team_built_round_it():
    """Y (lab) is confirmed in S2, though X (lab) is cheaper; H7's mix then puts Z (con),
    not X, in S1."""
    peers = [*cheap_and_dear(), make_peer("Z", home_council="D2", party=Party.CON)]
    prog = programme(
        peers, seats=[make_seat("S1"), make_seat("S2")], placements=[make_placement(DEAR, "S2")]
    )
    assert seated(solve_ok(prog)) == {"S1": "Z", "S2": DEAR}


def test_a_confirmed_placement_decides_the_team_start():
    """Y is confirmed but away in the week of 3 June, so the team starts on 10 June."""
    challenge = make_challenge(earliest_start=START, latest_start=date(2024, 6, 10))
    prog = programme(
        cheap_and_dear(),
        challenges=[challenge],
        placements=[make_placement(DEAR)],
        unavailability=[make_unavailability(DEAR, START)],
    )
    result = solve_ok(prog)
    assert seated(result) == {"S1": DEAR}
    assert starts(result) == {"CH1": date(2024, 6, 10)}


def test_a_confirmed_placement_that_breaks_a_hard_rule_is_an_input_error():
    prog = programme(
        cheap_and_dear(),
        placements=[make_placement(DEAR)],
        unavailability=[make_unavailability(DEAR, START)],
    )
    with pytest.raises(EncodingError, match="CH1/S1/Y"):
        solve_ok(prog)


@pytest.mark.parametrize("proposed", ["X2", DEAR])
def test_a_proposed_placement_is_kept_when_equal_or_a_little_dearer(proposed):
    """X1 and X2 share a home (equal cost); Y costs 164 more, under S7's 300."""
    peers = [
        make_peer("X1", home_council="C1"),
        make_peer("X2", home_council="C1"),
        make_peer(DEAR, home_council="U3"),
    ]
    prog = programme(peers, placements=[make_placement(proposed, status="proposed")])
    result = solve_ok(prog)
    assert seated(result) == {"S1": proposed}
    assert result.report.score.points["S7"] == 0


def test_a_proposed_placement_that_now_breaks_a_rule_is_replaced():
    prog = programme(
        cheap_and_dear(),
        placements=[make_placement(DEAR, status="proposed")],
        unavailability=[make_unavailability(DEAR, START)],
    )
    result = solve_ok(prog)
    assert seated(result) == {"S1": CHEAP}
    assert result.report.score.points["S7"] == 300


# ---------------------------------------------------------------- start windows


def test_a_window_without_a_monday_is_reported_not_a_crash():
    """CH1 may start Tuesday 4 to Friday 7 June: no Monday, so no allowed start."""
    challenges = [
        make_challenge("CH1", earliest_start=date(2024, 6, 4), latest_start=date(2024, 6, 7)),
        later("CH2", date(2024, 7, 1)),
    ]
    prog = programme(cheap_and_dear(), challenges=challenges, settings={"allow_partial": True})
    try:
        result = run_batch(prog, PARAMS)
    except EncodingError as err:  # an input error naming the challenge is a fine answer
        assert "CH1" in str(err)
    else:  # so is planning the rest and reporting CH1's seat unfilled
        assert [(u.challenge_id, u.seat_id) for u in result.unfilled] == [("CH1", "S1")]
        assert seated(result, "CH2") == {"S1": CHEAP}
