"""Counts agree everywhere: peers used, and group office seats with shadow seats in them."""

from __future__ import annotations

from datetime import date

from factories import assign, make_challenge, make_peer, make_programme, make_seat

from matcher.batch.job import group_office_use
from matcher.batch.outputs import peer_use_summary, utilisation_table
from matcher.whatif.usage import _aggregate, _office, _use


def _programme_and_plan():
    later = make_challenge("CH2", earliest_start=date(2025, 6, 2))  # next financial year
    seats = [make_seat("S1"), make_seat("SH", shadow=True), make_seat("S1", "CH2")]
    peers = [
        make_peer("P1", days_used=4, cap_days=20),
        make_peer("P2", home_council="L1"),
        make_peer("P3", "officer", home_council="D1"),
        make_peer("P4", home_council="D1"),
    ]
    programme = make_programme(
        peers=peers,
        challenges=[make_challenge(), later],
        seats=seats,
        settings={"financial_year_start": date(2024, 4, 1)},
    )
    plan = [
        assign(programme, "P1", "S1"),
        assign(programme, "P4", "SH"),  # a shadow seat only: used, but no days
        assign(programme, "P2", "S1", "CH2"),  # another financial year: used, no days here
    ]
    return programme, plan


def test_peers_used_by_kind_add_up_to_peers_used() -> None:
    programme, plan = _programme_and_plan()
    by_kind = peer_use_summary(utilisation_table(programme, plan))
    used = len({a.peer_id for a in plan})
    assert by_kind["member"]["peers_used"] + by_kind["officer"]["peers_used"] == used == 3


def test_group_office_seats_agree_between_solve_and_report() -> None:
    programme, plan = _programme_and_plan()
    solve = group_office_use(programme, plan)
    placements, days = _use(programme, plan)  # the report's counts before suppression
    report = _aggregate(list(programme.peers), _office, placements, days).set_index("value")
    for office, use in solve.items():
        assert use["seats"] == report.loc[office, "placements"], office
        assert use["days"] == report.loc[office, "days"], office
    assert sum(use["seats"] for use in solve.values()) == 3
    assert sum(use["shadow_seats"] for use in solve.values()) == 1
