"""Validator tests for H1 (seats, confirmed placements) and H2 (one seat each)."""

from __future__ import annotations

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
    violation_keys,
)

from matcher.models import Assignment, Party, PeerKind
from matcher.validation import validate

H1 = pytest.mark.rule("H1", "breaks")
H1_OK = pytest.mark.rule("H1", "passes")


@H1_OK
def test_valid_full_team_passes():
    programme, rows = staffed_cpc()
    report = validate(programme, rows)
    assert report.ok, report.violations
    assert report.by_rule() == {}


@H1_OK
def test_peer_of_right_kind_with_one_required_tag_and_lead_flag_passes():
    seat = make_seat(
        kind=PeerKind.OFFICER, required_tags=frozenset({"s151", "hr_od"}), lead_required=True
    )
    peer = make_peer(kind=PeerKind.OFFICER, tags=frozenset({"hr_od"}), lead_peer=True)
    assert validate(*make_solo(peer, seat=seat)).ok


@H1
def test_wrong_kind_breaks():
    programme, rows = make_solo(make_peer(kind=PeerKind.OFFICER))  # default seat is member
    assert violation_keys(validate(programme, rows)) == {("H1", "kind", "CH1", "S1", "P1")}


@H1
def test_missing_required_tags_breaks():
    seat = make_seat(required_tags=frozenset({"children", "adults"}))
    report = validate(*make_solo(make_peer(tags=frozenset({"leader"})), seat=seat))
    assert violation_keys(report) == {("H1", "tags", "CH1", "S1", "P1")}
    assert "adults, children" in report.violations[0].message


@H1
def test_non_lead_peer_in_lead_seat_breaks():
    seat = make_seat(lead_required=True)
    report = validate(*make_solo(make_peer(lead_peer=False), seat=seat))
    assert violation_keys(report) == {("H1", "lead", "CH1", "S1", "P1")}


@H1
def test_two_peers_in_one_seat_breaks():
    second = make_peer("P2", home_council="L1", party=Party.CON)  # only H1 should break
    programme = make_programme(peers=[make_peer("P1"), second], seats=[make_seat()])
    rows = [assign(programme, "P1"), assign(programme, "P2")]
    assert violation_keys(validate(programme, rows)) == {("H1", "overfilled", "CH1", "S1", "P2")}


@H1
def test_unknown_seat_and_unknown_peer_break_without_crashing():
    programme, rows = make_solo()
    ghost_seat = rows[0].model_copy(update={"seat_id": "nope"})
    ghost_peer = rows[0].model_copy(update={"peer_id": "ghost"})
    report = validate(programme, [ghost_seat, ghost_peer])
    assert violation_keys(report) == {
        ("H1", "unknown_seat", "CH1", "nope", "P1"),
        ("H1", "unknown_peer", "CH1", "S1", "ghost"),
    }


@H1
def test_duplicate_row_breaks_and_counts_once_toward_caps():
    programme, rows = make_solo(make_peer(days_used=30))  # 30 + 7 <= 40, twice would not be
    report = validate(programme, rows * 2)
    assert violation_keys(report) == {("H1", "duplicate", "CH1", "S1", "P1")}


@H1
def test_empty_seat_breaks_when_partial_teams_are_not_allowed():
    programme, rows = staffed_cpc()
    report = validate(programme, [r for r in rows if r.seat_id != "officer_scope"])
    assert violation_keys(report) == {("H1", "unfilled", "CH1", "officer_scope", None)}


@H1_OK
def test_empty_seat_passes_when_partial_teams_are_allowed():
    programme, rows = staffed_cpc(settings={"allow_partial": True})
    assert validate(programme, [r for r in rows if r.seat_id != "officer_scope"]).ok


@H1_OK
def test_empty_shadow_seat_passes_even_without_partial_teams():
    seats = [make_seat("S1"), make_seat("shadow", shadow=True)]
    programme = make_programme(peers=[make_peer()], seats=seats, settings={"allow_partial": False})
    assert validate(programme, [assign(programme, "P1")]).ok


@H1_OK
def test_confirmed_placement_kept_passes():
    programme, rows = make_solo(placements=[make_placement("P1")])
    assert validate(programme, rows).ok


@H1
def test_confirmed_placement_replaced_breaks():
    programme = make_programme(
        peers=[make_peer("P1"), make_peer("P2", home_council="L1")],
        seats=[make_seat()],
        placements=[make_placement("P1")],
    )
    report = validate(programme, [assign(programme, "P2")])
    assert violation_keys(report) == {("H1", "confirmed", "CH1", "S1", "P1")}
    assert "held by P2" in report.violations[0].message


@H1
def test_confirmed_placement_missing_or_moved_breaks():
    seats = [make_seat("S1"), make_seat("S2")]
    placements = [make_placement("P1", "S1")]
    programme = make_programme(peers=[make_peer("P1")], seats=seats, placements=placements)
    missing = validate(programme, [])
    moved = validate(programme, [assign(programme, "P1", "S2")])
    assert violation_keys(missing) == {("H1", "confirmed", "CH1", "S1", "P1")}
    assert "neither appears" in missing.violations[0].message
    assert violation_keys(moved) == {("H1", "confirmed", "CH1", "S1", "P1")}
    assert "sits in S2" in moved.violations[0].message


@H1_OK
def test_proposed_placement_not_kept_is_not_a_hard_violation():
    programme = make_programme(
        peers=[make_peer("P1")],
        seats=[make_seat()],
        placements=[make_placement("P1", status="proposed")],
    )
    assert validate(programme, []).ok


@pytest.mark.rule("H2", "passes")
def test_one_seat_on_each_of_two_challenges_passes():
    challenges = [
        make_challenge("CH1"),
        make_challenge("CH2", council="L1", earliest_start=date(2024, 6, 17)),
    ]
    seats = [make_seat("S1", "CH1"), make_seat("S1", "CH2")]
    programme = make_programme(
        peers=[make_peer(home_council="U3")], challenges=challenges, seats=seats
    )
    rows = [assign(programme, "P1", "S1", "CH1"), assign(programme, "P1", "S1", "CH2")]
    assert validate(programme, rows).ok


@pytest.mark.rule("H2", "breaks")
def test_two_seats_on_one_challenge_breaks():
    programme = make_programme(peers=[make_peer()], seats=[make_seat("S1"), make_seat("S2")])
    rows = [assign(programme, "P1", "S1"), assign(programme, "P1", "S2")]
    report = validate(programme, rows)
    assert violation_keys(report) == {("H2", "", "CH1", "S2", "P1")}
    assert report.violations[0].message.startswith("H2: ")


def test_every_violation_message_names_its_rule():
    programme, rows = make_solo(
        make_peer(kind=PeerKind.OFFICER, lead_peer=False),
        seat=make_seat(lead_required=True, required_tags=frozenset({"x"})),
    )
    report = validate(
        programme, [*rows, Assignment(**{**rows[0].model_dump(), "peer_id": "ghost"})]
    )
    assert len(report.violations) == 4
    assert all(v.message.startswith(f"{v.rule}: ") for v in report.violations)
