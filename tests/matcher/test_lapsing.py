"""Lapsing training and conference attendance (issue 13), against the H6 reading."""

from __future__ import annotations

from datetime import date

from factories import make_challenge, make_peer
from helpers_batch import programme, rules_broken

from matcher.lapsing import add_months, lapses_on, lapsing
from matcher.models import PeerKind


def test_the_lapse_day_is_the_first_start_h6_refuses():
    trained = date(2021, 6, 3)
    assert lapses_on(trained) == date(2024, 6, 4)
    assert lapses_on(date(2020, 2, 29)) == date(2023, 3, 1)
    for start, broken in ((date(2024, 6, 3), {}), (date(2024, 6, 4), {"H6": 1})):
        peer = make_peer("X", home_council="C1", trained_on=trained, conference_on=date(2024, 1, 1))
        challenge = make_challenge(earliest_start=start, latest_start=start)
        assert rules_broken(programme([peer], challenges=[challenge]), [("X",)]) == broken


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_lapsing_lists_upcoming_members_only_and_lapsed_on_request():
    today = date(2025, 1, 1)
    soon = make_peer("S", trained_on=date(2022, 3, 1), conference_on=date(2024, 1, 1))
    later = make_peer("L", trained_on=date(2023, 1, 1), conference_on=date(2024, 1, 1))
    gone = make_peer("G", trained_on=None, conference_on=date(2024, 1, 1))
    waived = make_peer("W", trained_on=None, training_waived=True)
    officer = make_peer("O", PeerKind.OFFICER, trained_on=date(2022, 3, 1))
    peers = [soon, later, gone, waived, officer]
    found = lapsing(peers, today, 6, include_lapsed=False)
    assert [(x.peer.peer_id, x.what, x.lapses_on) for x in found] == [
        ("S", "training", date(2025, 3, 2))
    ]
    with_lapsed = lapsing(peers, today, 6, include_lapsed=True)
    assert [(x.peer.peer_id, x.what) for x in with_lapsed] == [("G", "training"), ("S", "training")]


def test_booked_training_counts_like_attended():
    booked = make_peer(
        "B",
        trained_on=date(2022, 3, 1),
        training_booked_on=date(2025, 2, 1),
        conference_on=date(2024, 1, 1),
    )
    assert lapsing([booked], date(2025, 1, 1), 6, include_lapsed=True) == []
