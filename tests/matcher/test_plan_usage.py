"""PlanUsage: the one structure for what the rest of a plan occupies (H3, H4, H7, H8).

Its per-peer view (read by the rules' plan checks) and its array view (read by the
shortlist's masks) come from the same rows, so they must agree; `add` must update both.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from factories import (
    START,
    assign,
    make_challenge,
    make_peer,
    make_placement,
    make_programme,
    make_seat,
)

from matcher.models import Party
from matcher.plan_usage import PlanUsage, with_placements
from matcher.programme import busy_period


def _programme():
    challenges = [
        make_challenge("CH1"),
        make_challenge("CH2", earliest_start=START + timedelta(days=14), charged_days=5),
    ]
    seats = [
        make_seat("S1", "CH1"),
        make_seat("S2", "CH1", shadow=True),
        make_seat("S1", "CH2"),
    ]
    peers = [
        make_peer("P1", home_council="U3", party=Party.LAB),
        make_peer("P2", home_council="L1", party=Party.CON),
        make_peer("P3", home_council="D1"),
    ]
    return make_programme(peers=peers, seats=seats, challenges=challenges)


def test_per_peer_and_array_views_agree():
    prog = _programme()
    rows = [
        assign(prog, "P1", "S1", "CH1"),
        assign(prog, "P2", "S2", "CH1"),  # shadow: busy (H3) but charges no days (H4)
        assign(prog, "P1", "S1", "CH2"),
    ]
    plan = PlanUsage(prog, rows)
    year = prog.financial_year_of(START)
    everything = np.ones(len(rows), dtype=bool)
    assert plan.days[("P1", year)] == 7 + 5
    assert plan.days[("P2", year)] == 0
    assert plan.days_taken(everything, year).tolist() == [12, 0, 0]
    assert plan.team_parties["CH1"] == [Party.LAB]
    assert plan.team_homes["CH1"] == {"U3", "L1"}
    assert plan.teams["CH2"] == {"P1"}
    first, last = busy_period(prog.challenge_by_id["CH1"], START)
    assert plan.overlaps("P2", first, last)
    assert not plan.overlaps("P2", first, last, other_than="CH1")
    mask = plan.busy_mask(everything, first.toordinal(), last.toordinal())
    assert mask.tolist() == [True, True, False]
    others = plan.others("CH1")
    assert plan.busy_mask(others, first.toordinal(), last.toordinal()).tolist() == [
        False,
        False,
        False,
    ]
    assert plan.days_taken(others, year).tolist() == [5, 0, 0]
    assert [a.challenge_id for a in plan.holder_rows(0, others)] == ["CH2"]


def test_add_updates_both_views():
    prog = _programme()
    plan = PlanUsage(prog, [assign(prog, "P1", "S1", "CH1")])
    year = prog.financial_year_of(START)
    keep = plan.others("CH9")
    assert plan.days_taken(keep, year).tolist() == [7, 0, 0]
    plan.add(assign(prog, "P3", "S1", "CH2"))
    assert plan.days[("P3", year)] == 5
    assert plan.days_taken(plan.others("CH9"), year).tolist() == [7, 0, 5]
    assert plan.team_homes["CH2"] == {"D1"}


def test_placements_fill_only_the_seats_the_assignments_leave_empty():
    prog = _programme()
    prog = make_programme(
        peers=prog.peers,
        seats=prog.seats,
        challenges=prog.challenges,
        placements=[make_placement("P2", "S1", "CH1"), make_placement("P3", "S1", "CH2")],
    )
    rows = with_placements(prog, [assign(prog, "P1", "S1", "CH1")])
    assert {(a.challenge_id, a.peer_id) for a in rows} == {("CH1", "P1"), ("CH2", "P3")}
    assert PlanUsage(prog, rows).teams["CH2"] == {"P3"}


def test_a_placement_that_names_its_start_is_placed_at_that_start():
    """A confirmed team keeps its dates (issue 12): the rest of the plan that H3 and H4
    read holds it at its own start, not at the challenge's first allowed one."""
    later = START + timedelta(days=7)
    prog = make_programme(
        peers=_programme().peers,
        seats=_programme().seats,
        challenges=[make_challenge("CH1", latest_start=START + timedelta(days=14))],
        placements=[
            make_placement("P2", "S1", "CH1").model_copy(update={"start_date": later}),
        ],
    )
    [row] = with_placements(prog)
    assert (row.peer_id, row.start_date) == ("P2", later)
    [undated] = with_placements(
        make_programme(
            peers=prog.peers,
            seats=prog.seats,
            challenges=prog.challenges,
            placements=[make_placement("P2", "S1", "CH1")],
        )
    )
    assert undated.start_date == START
