"""Partial mode: a seat nobody may take is reported unfilled with the rules that blocked it.

The planted seat is CH1's lead member seat (member, tag `leader`, lead peer). Exactly four
peers hold what it needs, and each is kept out by one rule at the only start (3 June):
H3 (unavailable), H4 (no days left), H5 (own council), H6 (stale training). Everyone
else in the pool fails H1 (wrong kind, no `leader` tag or not a lead peer), so they are
outside the seat's population and never counted. matcher.batch.unfilled attributes each peer to
the first rule in catalogue order and writes `H3:1;H4:1;H5:1;H6:1`.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import (
    START,
    make_challenge,
    make_peer,
    make_placement,
    make_seat,
    make_unavailability,
)
from helpers_batch import PARAMS, programme, seated, solve_ok

from matcher.batch.job import run_batch
from matcher.models import Party, PeerKind
from matcher.scoring import SHADOW_UNFILLED_SHARE
from solver.solve import SolveStatus

LEAD = "lead_member"
NEEDS = dict(kind=PeerKind.MEMBER, required_tags=frozenset({"leader"}), lead_required=True)
PENALTY = 20_000


def planted(allow_partial: bool = True, **overrides):
    """CH1 at U1: the impossible lead member seat plus an ordinary member seat that M or N
    can fill (see the module docstring)."""
    peers = [
        make_peer("A", home_council="U1"),  # H5: own council
        make_peer("B", home_council="C1", days_used=38),  # H4: 2 of 7 days left
        make_peer("C", home_council="D1"),  # H3: away on the evening before
        make_peer("D", home_council="D2", trained_on=date(2020, 9, 1)),  # H6
        make_peer(
            "M", home_council="L1", tags=frozenset({"transformation"}), party=Party.CON
        ),  # H1: no `leader` tag
        make_peer("N", home_council="U3", lead_peer=False, party=Party.LD),  # H1: not lead
        make_peer("O", PeerKind.OFFICER, home_council="U3"),  # H1: officer
    ]
    seats = [make_seat(LEAD, **NEEDS), make_seat("member")]
    return programme(
        peers,
        seats=seats,
        unavailability=[make_unavailability("C", START - date.resolution)],
        settings={"allow_partial": allow_partial, **overrides},
    )


def test_the_planted_seat_is_unfilled_with_one_peer_per_blocking_rule():
    result = solve_ok(planted())
    assert [(u.challenge_id, u.seat_id) for u in result.unfilled] == [("CH1", LEAD)]
    row = result.unfilled[0]
    assert row.blocking == "H3:1;H4:1;H5:1;H6:1"
    assert row.message == (
        "No eligible lead member peer holding leader is available for CH1 in the week of "
        "03 Jun 2024: of 4 in the pool, 1 availability (H3), 1 day caps (H4), "
        "1 conflicts (H5), 1 eligibility (H6)."
    )
    assert LEAD not in seated(result) and seated(result)["member"] in {"M", "N"}


def test_the_rest_of_the_team_is_still_planned_and_scored():
    result = solve_ok(planted())
    assert result.summary["counts"]["unfilled"] == 1
    assert result.summary["counts"]["filled"] == 1
    assert result.report.score.points["unfilled"] == PENALTY
    assert result.summary["objective"] == result.report.score.total


def test_without_partial_teams_the_same_programme_is_infeasible():
    result = run_batch(planted(allow_partial=False), PARAMS)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.assignments == [] and result.unfilled == []
    assert result.report is None
    assert result.summary["status"] == "infeasible" and result.summary["objective"] is None


def test_lifting_one_block_fills_the_seat_with_that_peer():
    """The seat is impossible only because of the plants: waive D's training and D takes it."""
    prog = planted()
    peers = tuple(
        p.model_copy(update={"training_waived": True}) if p.peer_id == "D" else p
        for p in prog.peers
    )
    prog = programme(
        peers,
        seats=prog.seats,
        unavailability=prog.unavailability,
        settings={"allow_partial": True},
    )
    result = solve_ok(prog)
    assert result.unfilled == []
    assert seated(result)[LEAD] == "D"


def test_a_peer_blocked_twice_counts_once_under_the_first_rule():
    """A is also unavailable (H3 before H5); B also has stale training (H4 before H6)."""
    prog = planted()
    peers = tuple(
        p.model_copy(update={"trained_on": date(2019, 1, 1)}) if p.peer_id == "B" else p
        for p in prog.peers
    )
    prog = programme(
        peers,
        seats=prog.seats,
        settings={"allow_partial": True},
        unavailability=[*prog.unavailability, make_unavailability("A", START)],
    )
    row = solve_ok(prog).unfilled[0]
    assert row.blocking == "H3:2;H4:1;H6:1"


def test_a_seat_nobody_in_the_pool_could_hold_says_so():
    seat = make_seat(LEAD, kind=PeerKind.MEMBER, required_tags=frozenset({"planning"}))
    prog = programme(
        [make_peer("X", home_council="C1")], seats=[seat], settings={"allow_partial": True}
    )
    row = solve_ok(prog).unfilled[0]
    assert row.blocking == "H1:0"
    assert row.message.startswith("H1: no member peer holding planning exists in the pool")


# ---------------------------------------------------------------- blocks from the plan


def two_challenges(cheap: dict, second_start: date = date(2024, 6, 4)):
    """X (the only peer for either seat) is confirmed on CH2; CH1 wants X too."""
    peers = [make_peer("X", home_council="C1", **cheap)]
    challenges = [make_challenge("CH1"), make_challenge("CH2", earliest_start=second_start)]
    return programme(
        peers,
        challenges=challenges,
        placements=[make_placement("X", challenge_id="CH2")],
        settings={"allow_partial": True},
    )


@pytest.mark.parametrize(
    ("cheap", "second_start", "blocking"),
    [
        ({}, date(2024, 6, 4), "H3:1"),  # busy on the overlapping CH2
        ({"cap_days": 10}, date(2024, 7, 1), "H4:1"),  # CH2 used 7 of 10 days
    ],
)
def test_a_confirmed_placement_elsewhere_blocks_the_seat(cheap, second_start, blocking):
    result = solve_ok(two_challenges(cheap, second_start))
    assert seated(result, "CH2") == {"S1": "X"}
    assert [(u.challenge_id, u.seat_id, u.blocking) for u in result.unfilled] == [
        ("CH1", "S1", blocking)
    ]


FINANCE = frozenset({"cabinet_finance"})


@pytest.mark.parametrize(
    ("second", "blocking"),
    [
        (make_peer("X2", PeerKind.OFFICER, home_council="C1", tags=FINANCE), "H8:1"),  # X1's home
        (make_peer("X2", home_council="D2"), "H7:1"),  # a second Labour member
    ],
)
def test_a_teammate_blocks_the_second_seat(second, blocking):
    """X1 is confirmed in S1 and lacks S2's tag, so S2's only possible peer is X2."""
    kind = second.kind
    first = make_peer("X1", kind, home_council="C1", tags=frozenset({"leader"}))
    seats = [make_seat("S1", kind=kind), make_seat("S2", kind=kind, required_tags=FINANCE)]
    prog = programme(
        [first, second],
        seats=seats,
        placements=[make_placement("X1")],
        settings={"allow_partial": True},
    )
    result = solve_ok(prog)
    assert seated(result) == {"S1": "X1"}
    assert [(u.seat_id, u.blocking) for u in result.unfilled] == [("S2", blocking)]


def test_a_peer_already_on_the_team_is_not_reported_unavailable():
    """X1 and X2 (one home) could both take S2; X1 sits in S1, X2 shares X1's home."""
    peers = [
        make_peer("X1", PeerKind.OFFICER, home_council="C1"),
        make_peer("X2", PeerKind.OFFICER, home_council="C1"),
    ]
    seats = [make_seat("S1", kind=PeerKind.OFFICER), make_seat("S2", kind=PeerKind.OFFICER)]
    prog = programme(
        peers, seats=seats, placements=[make_placement("X1")], settings={"allow_partial": True}
    )
    result = solve_ok(prog)
    assert [(u.seat_id, u.blocking) for u in result.unfilled] == [("S2", "H8:2")]


def test_a_pruned_candidate_fills_its_seat_by_repair():
    """top_k=1 keeps only X2 (cheapest) for S2, and X2 cannot sit beside X1 (H8): the model
    leaves S2 empty, the repair step seats Y, the eligible peer pruning left out."""
    peers = [
        make_peer("X1", PeerKind.OFFICER, home_council="C1", tags=frozenset({"leader"})),
        make_peer("X2", PeerKind.OFFICER, home_council="C1", tags=FINANCE),
        make_peer("Y", PeerKind.OFFICER, home_council="U3", tags=FINANCE),
    ]
    seats = [
        make_seat("S1", kind=PeerKind.OFFICER),
        make_seat("S2", kind=PeerKind.OFFICER, required_tags=FINANCE),
    ]
    prog = programme(
        peers, seats=seats, placements=[make_placement("X1")], settings={"allow_partial": True}
    )
    unpruned = solve_ok(prog)
    assert seated(unpruned) == {"S1": "X1", "S2": "Y"}
    assert unpruned.summary["repaired_seats"] == 0
    result = run_batch(prog, PARAMS, top_k=1)
    assert result.status is SolveStatus.FEASIBLE  # the proof was of the plan before repair
    assert result.report is not None and result.report.ok
    assert seated(result) == {"S1": "X1", "S2": "Y"}
    assert result.unfilled == []
    assert result.summary["repaired_seats"] == 1
    assert result.summary["objective"] == result.report.score.total == unpruned.summary["objective"]


def test_an_empty_shadow_seat_costs_a_share_of_the_penalty():
    seats = [make_seat("S1"), make_seat("SH", shadow=True)]
    prog = programme(
        [make_peer("X", home_council="C1")], seats=seats, settings={"allow_partial": False}
    )
    result = solve_ok(prog)
    assert [u.seat_id for u in result.unfilled] == ["SH"]
    assert result.report.score.points["unfilled"] == round(PENALTY * SHADOW_UNFILLED_SHARE)


def _booked_elsewhere(home_council: str):
    """B (33 of 40 days used) is the only member peer; CH2 at U3 two weeks later takes
    her last 7 days, and CH1 at U1 wants her too."""
    later = START + timedelta(days=14)
    challenges = [
        make_challenge("CH1"),
        make_challenge("CH2", council="U3", earliest_start=later, latest_start=later),
    ]
    seats = [make_seat("S1", challenge_id="CH1"), make_seat("S1", challenge_id="CH2")]
    peers = [make_peer("B", home_council=home_council, days_used=33)]
    return programme(peers, challenges=challenges, seats=seats, settings={"allow_partial": True})


def test_a_static_rule_is_blamed_before_the_rest_of_the_plan():
    """The only candidate borders the client (H5) and the plan has used her last days
    elsewhere: she is counted under H5, never under the day caps (a cap exception could
    not help)."""
    result = solve_ok(_booked_elsewhere("U2"))
    assert seated(result, "CH2") == {"S1": "B"}
    [row] = result.unfilled
    assert (row.challenge_id, row.blocking) == ("CH1", "H5:1")
    assert "1 conflicts (H5)" in row.message and "H4" not in row.message


def test_a_peer_kept_out_only_by_the_plan_is_counted_in_the_plan_words():
    """Living at C1 (no conflict with U1 or U3), B is kept out of whichever challenge she
    does not take only by the days of the other."""
    result = solve_ok(_booked_elsewhere("C1"))
    [row] = result.unfilled
    assert row.blocking == "H4:1"
    assert "1 days taken by other seats of this plan (H4)" in row.message
