"""score_solution per soft rule S1-S7: a case scoring 0 and a case scoring points worked out
by hand here (independently of matcher.scoring's formulas where that is practical)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from factories import (
    assign,
    make_challenge,
    make_peer,
    make_placement,
    make_programme,
    make_seat,
    make_solo,
    staffed_cpc,
)

from matcher.models import ChallengeType, CouncilType, Gender, Party, PeerKind, YesNoUnsaid
from matcher.scoring import score_solution, whole_pounds
from matcher.validation import validate


def points(programme, rows, code: str) -> int:
    return score_solution(programme, rows).points.get(code, 0)


# --- S1 fit: 40 points per missing element ------------------------------------------------


@pytest.mark.rule("S1", "passes")
def test_s1_peer_with_a_preferred_tag_who_knows_the_council_type_scores_0():
    seat = make_seat(preferred_tags=frozenset({"leader", "children"}))
    assert points(*make_solo(seat=seat), "S1") == 0


@pytest.mark.rule("S1", "breaks")
def test_s1_missing_preferred_tags_and_council_type_score_40_each():
    seat = make_seat(preferred_tags=frozenset({"children"}))
    peer = make_peer(council_types=frozenset({CouncilType.DISTRICT}))
    assert points(*make_solo(peer, seat=seat), "S1") == 80
    assert points(*make_solo(seat=seat), "S1") == 40  # knows unitaries: tags only


@pytest.mark.rule("S1", "passes")
def test_s1_shadow_seat_scores_0():
    seat = make_seat(preferred_tags=frozenset({"children"}), shadow=True)
    peer = make_peer(council_types=frozenset())
    assert points(*make_solo(peer, seat=seat), "S1") == 0


# --- S2 diversity (soft): 300 points per peer short ----------------------------------------


def diversity_case(genders, ethnic=(), **challenge_fields):
    homes = ("U3", "L1", "C1", "D1")
    peers = [
        make_peer(
            f"P{i + 1}",
            home_council=homes[i],
            gender=g,
            ethnic_minority=ethnic[i] if i < len(ethnic) else None,
        )
        for i, g in enumerate(genders)
    ]
    seats = [make_seat(f"S{i + 1}") for i in range(len(peers))]
    programme = make_programme(
        peers=peers, seats=seats, challenges=[make_challenge(**challenge_fields)]
    )
    return programme, [assign(programme, f"P{i + 1}", f"S{i + 1}") for i in range(len(peers))]


@pytest.mark.rule("S2", "passes")
def test_s2_minimums_met_score_0():
    case = diversity_case(
        [Gender.FEMALE, Gender.FEMALE], [YesNoUnsaid.YES], min_women=2, min_ethnic_minority=1
    )
    assert points(*case, "S2") == 0


@pytest.mark.rule("S2", "breaks")
def test_s2_shortfall_counts_only_declared_data():
    # 2 women wanted: one female, one unsaid, one unknown -> 1 short; 1 ethnic minority
    # wanted: unsaid and 'no' -> 1 short. 2 x 300.
    case = diversity_case(
        [Gender.FEMALE, Gender.PREFER_NOT_TO_SAY, None],
        [YesNoUnsaid.PREFER_NOT_TO_SAY, YesNoUnsaid.NO],
        min_women=2,
        min_ethnic_minority=1,
    )
    assert points(*case, "S2") == 600


def test_s2_required_minimums_are_hard_so_score_0_points():
    case = diversity_case([Gender.MALE], min_women=1, diversity_required=True)
    assert points(*case, "S2") == 0
    assert validate(*case).by_rule() == {"S2": 1}


# --- S3 cost: 1 point per pound, LGA expenses policy --------------------------------------


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle miles between two (lat, lon) points, written out independently."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 3958.8 * math.asin(math.sqrt(h))


@pytest.mark.rule("S3", "passes")
def test_s3_no_seat_filled_costs_nothing():
    programme, _ = make_solo()
    assert points(programme, [], "S3") == 0
    assert score_solution(programme, []).expense_gbp == 0


@pytest.mark.rule("S3", "breaks")
def test_s3_expense_for_a_known_distance():
    programme, rows = make_solo()  # U3 (50.72, -3.53) to U1 (52.95, -1.15), 3 onsite days
    road = 1.2 * miles((50.72, -3.53), (52.95, -1.15))
    expected = 2 * road * 0.45 + 3 * (90 + 36)  # return trip + 3 nights (eve + 2)
    score = score_solution(programme, rows)
    assert score.expense_gbp == pytest.approx(expected, abs=0.01)
    assert score.points["S3"] == math.floor(expected + 0.5)
    assert score.seat_points[("CH1", "S1")] == score.points["S3"]  # S1 is 0 here


@pytest.mark.rule("S3", "breaks")
def test_s3_london_hotel_rate():
    programme, rows = make_solo(
        make_peer(home_council="L1"), challenge=make_challenge(council="L1", onsite_days=2)
    )
    assert points(programme, rows, "S3") == 2 * (150 + 36)  # no miles from home


def test_s3_pounds_round_half_up():
    assert int(whole_pounds(272.5)) == 273
    assert int(whole_pounds(273.49)) == 273


# --- S4 fair use: 15 points per unit ------------------------------------------------------


@pytest.mark.rule("S4", "passes")
def test_s4_utilisation_below_half_the_cap_scores_0():
    assert points(*make_solo(make_peer(days_used=13)), "S4") == 0  # 13 + 7 = 20 = 50% of 40


@pytest.mark.rule("S4", "breaks")
@pytest.mark.parametrize(
    ("used", "units"),
    [
        (15, 2),  # 22 days: 2 above 20
        (25, 11),  # 25 -> 32: above 20 goes 5 -> 12 (+7), above 30 adds 2 x 2 (+4)
        (35, 21),  # 35 -> 42: +7 above 20, +7 above 30 twice
    ],
)
def test_s4_utilisation_steps(used, units):
    assert points(*make_solo(make_peer(days_used=used)), "S4") == 15 * units


@pytest.mark.rule("S4", "passes")
def test_s4_shadow_seats_add_no_days():
    seat = make_seat(shadow=True)
    assert points(*make_solo(make_peer(days_used=35), seat=seat), "S4") == 0


def share_case(parties_placed: list[Party], pool: list[Party]):
    homes = ("U3", "L1", "C1", "D1", "D2")
    peers = [make_peer(f"P{i + 1}", party=p, home_council=homes[i]) for i, p in enumerate(pool)]
    seats = [make_seat(f"S{i + 1}") for i in range(len(parties_placed))]
    programme = make_programme(peers=peers, seats=seats)
    chosen, rows = set(), []
    for i, party in enumerate(parties_placed):
        peer = next(p for p in peers if p.party is party and p.peer_id not in chosen)
        chosen.add(peer.peer_id)
        rows.append(assign(programme, peer.peer_id, f"S{i + 1}"))
    return programme, rows


@pytest.mark.rule("S4", "passes")
def test_s4_group_shares_matching_the_pool_score_0():
    case = share_case([Party.LAB, Party.CON], [Party.LAB, Party.LAB, Party.CON, Party.CON])
    assert points(*case, "S4") == 0


@pytest.mark.rule("S4", "breaks")
def test_s4_group_share_deviation():
    # Pool 2 Labour, 2 Conservative: a fair 2-seat split is 1/1. Both seats Labour puts
    # Labour 1 over and Conservative 1 under: 2 seats off x 10 units x 15 points.
    case = share_case([Party.LAB, Party.LAB], [Party.LAB, Party.LAB, Party.CON, Party.CON])
    assert points(*case, "S4") == 2 * 10 * 15


@pytest.mark.rule("S4", "breaks")
def test_s4_group_share_targets_are_rounded_shares_of_the_member_seats():
    # Pool 3 Labour / 1 Liberal Democrat, one member seat: targets round(3/4) = 1 Labour and
    # round(1/4) = 0 Liberal Democrat. A Lib Dem in the seat is 1 off for each office.
    pool = [Party.LAB, Party.LAB, Party.LAB, Party.LD]
    assert points(*share_case([Party.LD], pool), "S4") == 2 * 10 * 15


@pytest.mark.rule("S4", "passes")
def test_s4_the_best_whole_seat_split_scores_0():
    pool = [Party.LAB, Party.LAB, Party.LAB, Party.LD]
    assert points(*share_case([Party.LAB], pool), "S4") == 0


# --- S5 continuity: 200 points per progress-review seat without an original member --------


def continuity_case(review_team: list[str], placements=()):
    original = make_challenge("CH1")
    review = make_challenge(
        "PR1",
        type=ChallengeType.PROGRESS_REVIEW,
        onsite_days=1,
        earliest_start=date(2025, 1, 6),
        follows="CH1",
    )
    peers = [
        make_peer("P1"),
        make_peer("P2", home_council="L1", party=Party.CON),
        make_peer("P3", home_council="C1"),
    ]
    seats = [
        make_seat("S1", "CH1"),
        make_seat("S2", "CH1"),
        make_seat("R1", "PR1"),
        make_seat("R2", "PR1"),
        make_seat("RS", "PR1", shadow=True),
    ]
    programme = make_programme(
        peers=peers, challenges=[original, review], seats=seats, placements=placements
    )
    rows = [assign(programme, "P1", "S1", "CH1"), assign(programme, "P2", "S2", "CH1")]
    rows += [assign(programme, p, f"R{i + 1}", "PR1") for i, p in enumerate(review_team)]
    return programme, rows


@pytest.mark.rule("S5", "passes")
def test_s5_review_team_from_the_original_team_scores_0():
    assert points(*continuity_case(["P1", "P2"]), "S5") == 0


@pytest.mark.rule("S5", "breaks")
def test_s5_each_review_seat_without_an_original_member_costs_200():
    assert points(*continuity_case(["P1", "P3"]), "S5") == 200
    assert points(*continuity_case(["P3"]), "S5") == 400  # an empty seat has no original member


@pytest.mark.rule("S5", "passes")
def test_s5_recorded_placements_count_as_the_original_team():
    case = continuity_case(["P1", "P3"], placements=[make_placement("P3", "S9", "CH1")])
    assert points(*case, "S5") == 0


# --- S6 requests: 200 points per requested peer not on the team ---------------------------


@pytest.mark.rule("S6", "passes")
def test_s6_requested_peer_on_the_team_scores_0():
    assert points(*make_solo(challenge=make_challenge(requests=("P1",))), "S6") == 0


@pytest.mark.rule("S6", "breaks")
def test_s6_requested_peer_missing_costs_200():
    case = make_solo(challenge=make_challenge(requests=("P1", "P2")), peers=[make_peer("P2")])
    assert points(*case, "S6") == 200


# --- S7 stability: 300 points per proposed placement not kept -----------------------------


@pytest.mark.rule("S7", "passes")
def test_s7_proposed_placement_kept_scores_0():
    case = make_solo(placements=[make_placement("P1", status="proposed")])
    assert points(*case, "S7") == 0


@pytest.mark.rule("S7", "breaks")
def test_s7_proposed_placement_not_kept_costs_300_and_confirmed_ones_are_not_scored():
    programme, rows = make_solo(
        peers=[make_peer("P2", home_council="L1")],
        placements=[
            make_placement("P2", status="proposed"),
            make_placement("P2", "S9", status="confirmed"),
        ],
    )
    assert points(programme, rows, "S7") == 300


# --- unfilled seats and totals ------------------------------------------------------------


def test_unfilled_seats_cost_the_penalty_and_shadow_seats_5_percent():
    seats = [make_seat("S1"), make_seat("S2", kind=PeerKind.OFFICER), make_seat("X", shadow=True)]
    programme = make_programme(peers=[make_peer()], seats=seats)
    assert points(programme, [assign(programme, "P1")], "unfilled") == 20_000 + 1_000


def test_weights_override_and_validate_reports_the_same_score():
    programme, rows = staffed_cpc(settings={"weights": {"S3": 2}})
    base, _ = staffed_cpc()
    report = validate(programme, rows)
    assert report.ok
    assert report.score.points["S3"] == 2 * score_solution(base, rows).points["S3"]
    assert report.score.total == score_solution(programme, rows).total
