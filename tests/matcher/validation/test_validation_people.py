"""Validator tests for H5 (conflicts: every sub-reason) and H6 (eligibility: every clause)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import (
    START,
    make_challenge,
    make_conflict,
    make_peer,
    make_seat,
    make_solo,
    violation_keys,
)

from matcher.models import PeerKind
from matcher.validation import validate, years_before

H5 = pytest.mark.rule("H5", "breaks")
H5_OK = pytest.mark.rule("H5", "passes")
H6 = pytest.mark.rule("H6", "breaks")
H6_OK = pytest.mark.rule("H6", "passes")
ONLY_P1 = ("CH1", "S1", "P1")


def at(client: str, peer_home: str, **kwargs):
    """A solo case: P1 from `peer_home` on a challenge at `client`."""
    return make_solo(
        make_peer(home_council=peer_home), challenge=make_challenge(council=client), **kwargs
    )


@H5_OK
@pytest.mark.parametrize(
    ("client", "home", "settings"),
    [
        ("U1", "U3", {}),  # far away
        ("U1", "U2", {"neighbour_rule": False}),  # neighbours, rule switched off
        ("U3", "C1", {}),  # a county, far from the client
        ("D1", "U3", {}),
    ],
)
def test_unrelated_councils_pass(client, home, settings):
    assert validate(*at(client, home, settings=settings)).ok


@H5
@pytest.mark.parametrize(
    ("client", "home", "settings", "detail"),
    [
        ("U1", "U1", {}, "own_council"),
        ("C1", "D1", {}, "two_tier"),  # a district and its county (not neighbours here)
        ("D1", "C1", {}, "two_tier"),  # the county at one of its districts
        ("D2", "D1", {"neighbour_rule": False}, "two_tier"),  # two districts of one county
        ("U1", "U2", {}, "neighbour"),
        ("U2", "U1", {}, "neighbour"),  # the pair is unordered
    ],
)
def test_home_council_clash_breaks(client, home, settings, detail):
    report = validate(*at(client, home, settings=settings))
    assert violation_keys(report) == {("H5", detail, *ONLY_P1)}


@H5
def test_every_applicable_reason_is_reported():
    report = validate(*at("D2", "D1"))  # same county and bordering
    assert violation_keys(report) == {("H5", "two_tier", *ONLY_P1), ("H5", "neighbour", *ONLY_P1)}
    neighbour = report.of_rule("H5", "neighbour")[0]
    assert neighbour.message == (
        "H5: P1 Synthetic (P1)'s home council Northdale (D1) borders "
        "the client Southdale (D2) (seat S1 of CH1)."
    )


@H5_OK
@pytest.mark.parametrize(
    "conflict",
    [
        make_conflict("P1", "U2", "declared"),  # another council
        make_conflict("P1", "U1", "former_employer", until_year=START.year - 6),
        make_conflict("P2", "U1", "declared"),  # another peer
    ],
)
def test_conflicts_elsewhere_or_expired_pass(conflict):
    assert validate(*make_solo(conflicts=[conflict], peers=[make_peer("P2")])).ok


@H5
@pytest.mark.parametrize(
    ("conflict", "detail"),
    [
        (make_conflict("P1", "U1", "declared"), "declared"),
        (make_conflict("P1", "U1", "declared", until_year=2001), "declared"),  # declared: always
        (
            make_conflict("P1", "U1", "former_employer", until_year=START.year - 5),
            "former_employer",
        ),
        (make_conflict("P1", "U1", "former_employer", until_year=START.year), "former_employer"),
        (make_conflict("P1", "U1", "former_employer", until_year=None), "former_employer"),
    ],
)
def test_conflict_with_the_client_breaks(conflict, detail):
    report = validate(*make_solo(conflicts=[conflict]))
    assert violation_keys(report) == {("H5", detail, *ONLY_P1)}


@H5_OK
def test_veto_of_another_peer_passes():
    assert validate(*make_solo(challenge=make_challenge(vetoes=("P9",)))).ok


@H5
def test_veto_breaks():
    report = validate(*make_solo(challenge=make_challenge(vetoes=("P9", "P1"))))
    assert violation_keys(report) == {("H5", "veto", *ONLY_P1)}
    assert "vetoed P1 Synthetic (P1)" in report.violations[0].message


def test_years_before_keeps_month_and_day_and_handles_29_february():
    assert years_before(date(2024, 6, 3), 3) == date(2021, 6, 3)
    assert years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)
    assert years_before(date(2028, 2, 29), 4) == date(2024, 2, 29)


def solo_member(start: date = START, **peer_fields):
    return make_solo(make_peer(**peer_fields), challenge=make_challenge(earliest_start=start))


@H6_OK
@pytest.mark.parametrize(
    ("start", "fields"),
    [
        (START, {}),
        (START, {"trained_on": date(2021, 6, 3), "conference_on": date(2021, 6, 3)}),  # exactly 3y
        (START, {"trained_on": None, "conference_on": None, "training_waived": True}),
        (START, {"trained_on": date(2010, 1, 1), "training_waived": True}),
        (date(2028, 2, 29), {"trained_on": date(2025, 2, 28), "conference_on": date(2025, 2, 28)}),
        (START, {"serving_until": START - timedelta(days=365)}),  # left 12 months ago
        (START, {"serving_until": date(2027, 5, 1)}),
    ],
)
def test_eligible_member_passes(start, fields):
    assert validate(*solo_member(start, **fields)).ok


@H6
@pytest.mark.parametrize(
    ("start", "fields", "details"),
    [
        (START, {"trained_on": date(2021, 6, 2)}, {"training"}),
        (START, {"trained_on": None}, {"training"}),
        (START, {"conference_on": date(2021, 6, 2)}, {"conference"}),
        (START, {"conference_on": None}, {"conference"}),
        (START, {"trained_on": None, "conference_on": None}, {"training", "conference"}),
        (
            date(2028, 2, 29),
            {"trained_on": date(2025, 2, 27), "conference_on": date(2027, 1, 1)},
            {"training"},
        ),
        (START, {"serving_until": START - timedelta(days=366)}, {"serving"}),
        (START, {"serving_until": date(2020, 1, 1), "training_waived": True}, {"serving"}),
    ],
)
def test_ineligible_member_breaks(start, fields, details):
    report = validate(*solo_member(start, **fields))
    assert violation_keys(report) == {("H6", d, *ONLY_P1) for d in details}


def solo_officer(**peer_fields):
    return make_solo(
        make_peer(kind=PeerKind.OFFICER, **peer_fields), seat=make_seat(kind=PeerKind.OFFICER)
    )


@H6_OK
@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"serving_until": START},  # still serving on the first onsite day
        {"trained_on": None, "conference_on": None},  # training is for member peers only
    ],
)
def test_serving_officer_passes(fields):
    assert validate(*solo_officer(**fields)).ok


@H6
def test_officer_who_left_before_the_start_breaks():
    report = validate(*solo_officer(serving_until=START - timedelta(days=1)))
    assert violation_keys(report) == {("H6", "serving", *ONLY_P1)}
    assert report.violations[0].message.startswith("H6: officer peer P1 Synthetic (P1)")
