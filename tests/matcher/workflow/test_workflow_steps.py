"""The placement workflow's domain rules: several names per seat, the council's choice,
confirmed starts pinned, every step checked by the validator, and re-plan reasons."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import START, make_challenge, make_peer, make_programme, make_seat

from matcher.models import Placement, PlacementStatus, Unavailability
from matcher.workflow import Held, State, WorkflowSeat, seat_clash
from matcher.workflow.checks import MissingStart, StepRefused, check_step, start_for
from matcher.workflow.pins import pin_confirmed_starts, pinned_programme
from matcher.workflow.replan import MOVED_FOR_BETTER, changed_seats
from matcher.workflow.states import not_selected_with

WINDOW_END = START + timedelta(days=21)


def window_programme(**extra):
    challenge = make_challenge(latest_start=WINDOW_END)
    peers = [make_peer("P1"), make_peer("P2", home_council="U4"), make_peer("P3")]
    return make_programme(peers=peers, challenges=[challenge], seats=[make_seat()], **extra)


def test_up_to_max_names_per_seat_and_one_seat_per_peer():
    held = [Held(1, "S1", "P1", State.PUT_FORWARD), Held(2, "S1", "P2", State.PROPOSED)]
    assert seat_clash(held, "CH1", "S1", "P3", max_names=3) is None
    assert "at most 2" in seat_clash(held, "CH1", "S1", "P3", max_names=2)
    assert "H2" in seat_clash(held, "CH1", "S2", "P1")
    chosen = [Held(1, "S1", "P1", State.SELECTED)]
    assert "already selected" in seat_clash(chosen, "CH1", "S1", "P3")


def test_the_councils_choice_makes_the_other_names_not_selected():
    held = [
        Held(1, "S1", "P1", State.PUT_FORWARD),
        Held(2, "S1", "P2", State.PUT_FORWARD),
        Held(3, "S2", "P3", State.PUT_FORWARD),
    ]
    chosen = Held(1, "S1", "P1", State.SELECTED)
    assert [h.placement_id for h in not_selected_with(held, chosen)] == [2]


def test_a_start_is_required_where_the_window_has_several_mondays():
    programme = window_programme()
    with pytest.raises(MissingStart, match="4 Mondays"):
        start_for(programme, "CH1", None)
    assert start_for(programme, "CH1", START + timedelta(days=7)) == START + timedelta(days=7)


def test_a_confirmed_placement_pins_its_start():
    later = START + timedelta(days=14)
    placement = Placement(
        challenge_id="CH1",
        seat_id="S1",
        peer_id="P1",
        status=PlacementStatus.CONFIRMED,
        start_date=later,
    )
    pinned = pin_confirmed_starts(window_programme(placements=[placement]))
    challenge = pinned.challenge_by_id["CH1"]
    assert (challenge.earliest_start, challenge.latest_start) == (later, later)
    seats = [WorkflowSeat("CH1", "S1", "P2", State.CONFIRMED, START + timedelta(days=7), 1)]
    via_workflow, counts = pinned_programme(window_programme(), seats)
    assert via_workflow.challenge_by_id["CH1"].earliest_start == START + timedelta(days=7)
    assert counts["confirmed"] == 1


def test_a_step_that_breaks_a_hard_rule_is_refused_with_the_rule():
    away = Unavailability(peer_id="P1", from_date=START, to_date=START + timedelta(days=3))
    programme = window_programme(unavailability=[away])
    step = WorkflowSeat("CH1", "S1", "P1", State.PROPOSED, START, None)
    with pytest.raises(StepRefused) as refused:
        check_step(programme, [], step)
    assert {v.rule for v in refused.value.violations} == {"H3"}
    check_step(programme, [], WorkflowSeat("CH1", "S1", "P1", State.PROPOSED, WINDOW_END))


def test_the_other_names_of_a_seat_are_not_team_members():
    programme = window_programme()
    year = [WorkflowSeat("CH1", "S1", "P1", State.PUT_FORWARD, START, 1)]
    check_step(programme, year, WorkflowSeat("CH1", "S1", "P3", State.PROPOSED, START, 2))


def test_a_replan_names_the_rule_an_old_placement_now_breaks():
    away = Unavailability(peer_id="P1", from_date=START, to_date=START + timedelta(days=3))
    programme = window_programme(unavailability=[away])
    seats = [WorkflowSeat("CH1", "S1", "P1", State.PROPOSED, START, 1)]
    new = _assignment(programme, "P2", START)
    [change] = changed_seats(programme, seats, [new])
    assert (change.before_peer, change.after_peer, change.rule) == ("P1", "P2", "H3")
    fine = window_programme()
    [moved] = changed_seats(fine, seats, [_assignment(fine, "P2", START)])
    assert moved.reason == MOVED_FOR_BETTER
    assert changed_seats(fine, seats, [_assignment(fine, "P1", START)]) == []


def _assignment(programme, peer_id: str, start: date):
    from matcher.plan_usage import placement_assignment

    return placement_assignment(
        programme, WorkflowSeat("CH1", "S1", peer_id, State.PROPOSED, start)
    )


def test_many_steps_are_checked_together_and_refusals_land_on_their_seats():
    from matcher.workflow.checks import steps_violations

    away = Unavailability(peer_id="P1", from_date=START, to_date=START + timedelta(days=3))
    challenges = [make_challenge(), make_challenge("CH2", earliest_start=WINDOW_END)]
    peers = [make_peer("P1"), make_peer("P3")]
    seats = [make_seat(), make_seat("S1", "CH2")]
    programme = make_programme(
        peers=peers, challenges=challenges, seats=seats, unavailability=[away]
    )
    steps = [
        WorkflowSeat("CH1", "S1", "P1", State.PROPOSED, START),
        WorkflowSeat("CH2", "S1", "P3", State.PROPOSED, WINDOW_END),
    ]
    found = steps_violations(programme, [], steps)
    assert list(found) == [("CH1", "S1")]
    assert {v.rule for v in found[("CH1", "S1")]} == {"H3"}
