"""Validator tests for H3 (dates, availability, overlaps) and H4 (day caps)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import (
    START,
    assign,
    make_challenge,
    make_peer,
    make_programme,
    make_seat,
    make_solo,
    make_unavailability,
    violation_keys,
)

from matcher.models import PeerKind
from matcher.validation import validate

H3 = pytest.mark.rule("H3", "breaks")
H3_OK = pytest.mark.rule("H3", "passes")
H4 = pytest.mark.rule("H4", "breaks")
H4_OK = pytest.mark.rule("H4", "passes")
MONDAY = START  # 2024-06-03; the default challenge runs Mon 3 to Wed 5 June, busy from Sun 2


def two_challenges(second_start: date, **peer_fields):
    """P1 on CH1 (fixed 3 June, 3 days) and on CH2 at L1 starting `second_start`."""
    challenges = [
        make_challenge("CH1"),
        make_challenge("CH2", council="L1", earliest_start=second_start),
    ]
    seats = [make_seat("S1", "CH1"), make_seat("S1", "CH2")]
    programme = make_programme(peers=[make_peer(**peer_fields)], challenges=challenges, seats=seats)
    return programme, [assign(programme, "P1", "S1", "CH1"), assign(programme, "P1", "S1", "CH2")]


@H3_OK
def test_monday_start_in_a_window_passes():
    window = make_challenge(
        earliest_start=MONDAY - timedelta(days=3), latest_start=MONDAY + timedelta(days=14)
    )
    programme, _ = make_solo(challenge=window)
    rows = [assign(programme, "P1", start=MONDAY + timedelta(days=7))]
    assert validate(programme, rows).ok


@H3
def test_start_off_a_fixed_date_breaks():
    programme, rows = make_solo()
    moved = MONDAY + timedelta(days=7)
    row = rows[0].model_copy(update={"start_date": moved, "end_date": moved + timedelta(2)})
    assert violation_keys(validate(programme, [row])) == {("H3", "start", "CH1", "S1", "P1")}


@H3
def test_non_monday_start_in_a_window_breaks():
    window = make_challenge(earliest_start=MONDAY, latest_start=MONDAY + timedelta(days=14))
    programme, _ = make_solo(challenge=window)
    tuesday = MONDAY + timedelta(days=1)
    report = validate(programme, [assign(programme, "P1", start=tuesday)])
    assert violation_keys(report) == {("H3", "start", "CH1", "S1", "P1")}


@H3
def test_end_date_not_start_plus_onsite_days_breaks():
    programme, rows = make_solo()
    row = rows[0].model_copy(update={"end_date": MONDAY + timedelta(days=3)})
    assert violation_keys(validate(programme, [row])) == {("H3", "end", "CH1", "S1", "P1")}


@H3
def test_team_split_across_two_starts_breaks():
    window = make_challenge(earliest_start=MONDAY, latest_start=MONDAY + timedelta(days=14))
    peers = [make_peer("P1"), make_peer("O1", PeerKind.OFFICER, home_council="L1")]
    seats = [make_seat("S1"), make_seat("S2", kind=PeerKind.OFFICER)]
    programme = make_programme(peers=peers, challenges=[window], seats=seats)
    rows = [
        assign(programme, "P1", "S1"),
        assign(programme, "O1", "S2", start=MONDAY + timedelta(days=7)),
    ]
    assert violation_keys(validate(programme, rows)) == {("H3", "split_start", "CH1", None, None)}


@H3_OK
def test_unavailable_until_the_day_before_the_evening_before_passes():
    programme, rows = make_solo(
        unavailability=[
            make_unavailability("P1", MONDAY - timedelta(days=9), MONDAY - timedelta(days=2)),
            make_unavailability("P1", MONDAY + timedelta(days=3)),  # the Thursday after
            make_unavailability("P2", MONDAY),  # someone else
        ],
        peers=[make_peer("P2")],
    )
    assert validate(programme, rows).ok


@H3
def test_unavailable_on_the_evening_before_breaks():
    programme, rows = make_solo(
        unavailability=[make_unavailability("P1", MONDAY - timedelta(days=1), reason="wedding")]
    )
    report = validate(programme, rows)
    assert violation_keys(report) == {("H3", "unavailable", "CH1", "S1", "P1")}
    assert "(wedding)" in report.violations[0].message


@H3
def test_unavailable_on_the_last_onsite_day_breaks():
    programme, rows = make_solo(
        unavailability=[
            make_unavailability("P1", MONDAY + timedelta(days=2), MONDAY + timedelta(days=30))
        ]
    )
    assert violation_keys(validate(programme, rows)) == {("H3", "unavailable", "CH1", "S1", "P1")}


@H3_OK
def test_busy_periods_that_touch_but_do_not_share_a_day_pass():
    # CH1 busy Sun 2 - Wed 5; CH2 from Fri 7 is busy Thu 6 - Sun 9.
    programme, rows = two_challenges(MONDAY + timedelta(days=4))
    assert validate(programme, rows).ok


@H3
def test_evening_before_on_the_last_day_of_another_challenge_breaks():
    # CH2 from Thu 6 is busy from Wed 5, CH1's last onsite day (inclusive overlap).
    programme, rows = two_challenges(MONDAY + timedelta(days=3))
    report = validate(programme, rows)
    assert violation_keys(report) == {("H3", "overlap", "CH2", "S1", "P1")}
    assert "CH1" in report.violations[0].message


@H3
def test_every_overlapping_pair_is_reported():
    challenges = [make_challenge(f"CH{i}", council="L1") for i in (1, 2, 3)]
    seats = [make_seat("S1", c.challenge_id) for c in challenges]
    programme = make_programme(peers=[make_peer()], challenges=challenges, seats=seats)
    rows = [assign(programme, "P1", "S1", c.challenge_id) for c in challenges]
    report = validate(programme, rows)
    assert report.by_rule() == {"H3": 3}
    assert {v.detail for v in report.violations} == {"overlap"}


@H4_OK
@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (PeerKind.MEMBER, {"days_used": 33}),  # 33 + 7 = 40, the member cap
        (PeerKind.OFFICER, {"days_used": 23}),  # 23 + 7 = 30, the officer default
        (PeerKind.MEMBER, {"days_used": 40, "cap_days": 47}),  # approved exception
    ],
)
def test_days_up_to_the_cap_pass(kind, fields):
    programme, rows = make_solo(make_peer(kind=kind, **fields), seat=make_seat(kind=kind))
    assert validate(programme, rows).ok


@H4
@pytest.mark.parametrize(
    ("kind", "fields", "settings"),
    [
        (PeerKind.MEMBER, {"days_used": 34}, {}),
        (PeerKind.OFFICER, {"days_used": 24}, {}),
        (PeerKind.OFFICER, {"days_used": 0}, {"officer_cap_days": 6}),
        (PeerKind.MEMBER, {"days_used": 0, "cap_days": 5}, {}),
    ],
)
def test_days_over_the_cap_break(kind, fields, settings):
    programme, rows = make_solo(
        make_peer(kind=kind, **fields), seat=make_seat(kind=kind), settings=settings
    )
    assert violation_keys(validate(programme, rows)) == {("H4", "", "CH1", "S1", "P1")}


@H4_OK
def test_shadow_seat_counts_toward_no_cap():
    programme, rows = make_solo(make_peer(days_used=40), seat=make_seat(shadow=True))
    assert validate(programme, rows).ok


@H4_OK
def test_days_used_belong_to_the_programme_financial_year_only():
    # Programme year 2024/25 (earliest start June 2024); CH2 starts in 2025/26.
    programme, rows = two_challenges(date(2025, 4, 7), days_used=40)
    assert violation_keys(validate(programme, rows[:1])) == {("H4", "", "CH1", "S1", "P1")}
    assert validate(programme, rows[1:]).ok


@H4
def test_new_seats_add_up_and_the_seat_that_tips_over_is_named():
    challenges = [
        make_challenge(f"CH{i}", council="L1", earliest_start=MONDAY + timedelta(weeks=i))
        for i in range(6)
    ]
    seats = [make_seat("S1", c.challenge_id) for c in challenges]
    programme = make_programme(peers=[make_peer()], challenges=challenges, seats=seats)
    rows = [assign(programme, "P1", "S1", c.challenge_id) for c in challenges]
    assert validate(programme, rows[:5]).ok  # 35 days
    report = validate(programme, rows)  # 42 days
    assert violation_keys(report) == {("H4", "", "CH5", "S1", "P1")}
    assert "42 days" in report.violations[0].message and "cap of 40" in report.violations[0].message
