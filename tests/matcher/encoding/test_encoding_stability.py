"""S7 stability, the start half (matcher.encoding.stability and matcher.scoring): a proposed
team keeps its start where possible, the model and the validator charge the same for a
moved one, and the previous plan is the solve's warm start.

The tiny challenge CH1 may start on Monday 3 or 10 June 2024. X (home C1) is proposed in
S1 for 10 June. For S2, A (home D2, 416 points of expenses) is away in the week of
10 June and B (home D1, 417) is free: starting on 3 June would save 1 point, so only
the S7 start charge keeps the team on 10 June.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from factories import START, assign, make_challenge, make_peer, make_placement, make_seat
from factories import make_unavailability as away
from helpers_batch import programme, seated, solve_ok, starts

from matcher.batch.job import _warm_start
from matcher.encoding.decode import assignments_from_items
from matcher.encoding.encode import encode
from matcher.encoding.stability import previous_plan_guide, start_kept_capacities
from matcher.models import Party
from matcher.rules.s7_stability import START_MOVED_WEIGHT
from matcher.scoring import score_solution
from solver.greedy import greedy

LATER = date(2024, 6, 10)


def _proposed(peer_id: str, seat_id: str, start: date | None, status: str = "proposed"):
    return make_placement(peer_id, seat_id, status=status).model_copy(update={"start_date": start})


def _year(weight: int = START_MOVED_WEIGHT, placements=None, unavailability=()):
    challenge = make_challenge(earliest_start=START, latest_start=LATER)
    peers = [
        make_peer("X", home_council="C1"),
        make_peer("A", home_council="D2", party=Party.CON),  # H7: a team of two mixes parties
        make_peer("B", home_council="D1", party=Party.CON),
    ]
    return programme(
        peers,
        challenges=[challenge],
        seats=[make_seat("S1"), make_seat("S2")],
        placements=[_proposed("X", "S1", LATER)] if placements is None else placements,
        unavailability=[away("A", LATER, date(2024, 6, 14)), *unavailability],
        settings={"start_moved_weight": weight},
    )


@pytest.mark.rule("S7", "passes")
def test_a_proposed_team_keeps_its_start_over_a_small_saving():
    result = solve_ok(_year())
    assert starts(result) == {"CH1": LATER}
    assert seated(result) == {"S1": "X", "S2": "B"}
    assert result.report.score.points["S7"] == 0


def test_without_the_start_charge_the_same_team_moves_for_one_point():
    """The control: weight 0 gives the cheaper start, so the charge is what kept it."""
    result = solve_ok(_year(weight=0))
    assert starts(result) == {"CH1": START}
    assert seated(result) == {"S1": "X", "S2": "A"}


@pytest.mark.rule("S7", "breaks")
def test_a_start_that_no_longer_fits_moves_and_is_charged_once_per_proposed_seat():
    """X is now away on 10 June: keeping X (start moved, 100) beats keeping the start
    with another peer in S1 (placement not kept, 300)."""
    prog = _year(unavailability=[away("X", LATER, date(2024, 6, 14))])
    result = solve_ok(prog)
    assert starts(result) == {"CH1": START}
    assert seated(result)["S1"] == "X"
    assert result.report.score.points["S7"] == START_MOVED_WEIGHT


@pytest.mark.parametrize(
    ("placement", "plan_start", "charged"),
    [
        (_proposed("X", "S1", LATER), START, START_MOVED_WEIGHT),
        (_proposed("X", "S1", LATER), LATER, 0),
        (_proposed("X", "S1", None), START, 0),  # no start proposed: nothing to keep
        (_proposed("X", "S1", LATER, status="confirmed"), START, 0),  # pinned, never scored
    ],
)
def test_the_validator_charges_a_moved_proposed_start(placement, plan_start, charged):
    prog = _year(placements=[placement], unavailability=())
    plan = [assign(prog, "X", "S1", start=plan_start), assign(prog, "B", "S2", start=plan_start)]
    assert score_solution(prog, plan).points["S7"] == charged


def test_the_model_charges_only_the_proposed_seat_at_other_starts():
    enc = encode(_year())
    (capacity,) = start_kept_capacities(enc)
    p = enc.problem
    seats = {enc.seats[int(p.pair_seat[p.item_pair[i]])].seat_id for i in capacity.items}
    days = {enc.option_dates[int(p.item_option[i])] for i in capacity.items}
    assert (seats, days) == ({"S1"}, {START})
    assert capacity.penalty_slopes == (START_MOVED_WEIGHT,)
    assert start_kept_capacities(encode(_year(weight=0))) == []


def test_the_previous_plan_is_the_warm_start():
    prog = _year(placements=[_proposed("X", "S1", LATER), _proposed("B", "S2", LATER)])
    enc = encode(prog)
    guide = previous_plan_guide(enc)
    marked = np.flatnonzero(guide)
    named = {(a.seat_id, a.peer_id, a.start_date) for a in assignments_from_items(enc, marked)}
    assert named == {("S1", "X", LATER), ("S2", "B", LATER)}
    fresh = greedy(enc.problem)
    hint = _warm_start(enc, fresh, None)
    assert {(a.seat_id, a.peer_id) for a in assignments_from_items(enc, hint)} == {
        ("S1", "X"),
        ("S2", "B"),
    }


def test_no_dated_placement_means_no_previous_plan():
    assert previous_plan_guide(encode(_year(placements=[_proposed("X", "S1", None)]))) is None
