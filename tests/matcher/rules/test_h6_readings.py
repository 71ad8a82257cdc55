"""H6 as the peer support review reads it: training attended or booked, a conference
attended (a later date is none), mentoring training for mentoring seats, shadow seats
without the conference rule, and paused or removed peers never matched.

Each case both ways, end to end (the encoder leaves an ineligible cheap peer out and
takes the dearer one) and in the independent validator (the hand-written row breaks H6
with the clause named), plus the programme-folder checks of the new fields.
"""

from __future__ import annotations

from datetime import date

import pytest
from factories import START, assign, make_challenge, make_peer, make_seat
from folder_edits import load_errors, set_cell, tiny_copy
from helpers_batch import programme, rules_broken, seated, solve_ok
from pydantic import ValidationError

from matcher.models import ChallengeType, PeerStatus, RemovalReason
from matcher.validation import validate

CHEAP, DEAR = "X", "Y"
STALE = date(2020, 1, 1)
BREAKS = {
    "booked_long_ago": ({"trained_on": STALE, "training_booked_on": STALE}, "training"),
    "conference_after_start": ({"conference_on": date(2024, 6, 10)}, "conference"),
    "paused_over_the_start": (
        {"status": PeerStatus.PAUSED, "paused_until": date(2024, 6, 3)},
        "status",
    ),
    "paused_without_end": ({"status": PeerStatus.PAUSED}, "status"),
    "removed": (
        {"status": PeerStatus.REMOVED, "removed_reason": RemovalReason.UNSATISFACTORY_FEEDBACK},
        "status",
    ),
}
PASSES = {
    "training_booked": {"trained_on": None, "training_booked_on": date(2024, 9, 1)},
    "conference_the_day_before": {"conference_on": date(2024, 6, 2)},
    "pause_over": {"status": PeerStatus.PAUSED, "paused_until": date(2024, 6, 2)},
}


def two_peers(cheap: dict, seat=None, challenge=None, dear: dict | None = None):
    peers = [
        make_peer(CHEAP, home_council="C1", **cheap),
        make_peer(DEAR, home_council="U3", **(dear or {})),
    ]
    challenges = [challenge] if challenge else None
    return programme(peers, seats=[seat or make_seat()], challenges=challenges)


@pytest.mark.rule("H6", "breaks")
@pytest.mark.parametrize("case", sorted(BREAKS))
def test_h6_readings_exclude(case):
    fields, clause = BREAKS[case]
    prog = two_peers(fields)
    assert rules_broken(prog, [(CHEAP,)]) == {"H6": 1}
    assert [v.detail for v in validate(prog, [_row(prog)]).violations] == [clause]
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("H6", "passes")
@pytest.mark.parametrize("case", sorted(PASSES))
def test_h6_readings_admit(case):
    prog = two_peers(PASSES[case])
    assert rules_broken(prog, [(CHEAP,)]) == {}
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


def _row(prog):
    return assign(prog, CHEAP)


MENTORING = make_challenge(type=ChallengeType.MENTORING)


@pytest.mark.rule("H6", "breaks")
def test_a_mentoring_seat_needs_mentoring_training():
    prog = two_peers({}, challenge=MENTORING, dear={"mentoring_booked_on": date(2024, 9, 1)})
    assert rules_broken(prog, [(CHEAP,)]) == {"H6": 1}
    assert [v.detail for v in validate(prog, [_row(prog)]).violations] == ["mentoring"]
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("H6", "passes")
def test_mentoring_training_attended_or_booked_admits_to_a_mentoring_seat():
    prog = two_peers({"mentoring_trained_on": date(2023, 1, 1)}, challenge=MENTORING)
    assert rules_broken(prog, [(CHEAP,)]) == {}
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


@pytest.mark.rule("H6", "passes")
def test_a_shadow_seat_needs_no_conference_but_a_team_seat_does():
    no_conference = {"conference_on": None, "training_booked_on": date(2024, 9, 1)}
    shadow = two_peers(no_conference, seat=make_seat(shadow=True))
    assert rules_broken(shadow, [(CHEAP,)]) == {}
    assert seated(solve_ok(shadow)) == {"S1": CHEAP}
    team = two_peers(no_conference)
    assert rules_broken(team, [(CHEAP,)]) == {"H6": 1}
    assert seated(solve_ok(team)) == {"S1": DEAR}


@pytest.mark.rule("H6", "breaks")
def test_a_shadow_seat_still_needs_training():
    prog = two_peers({"trained_on": STALE, "conference_on": None}, seat=make_seat(shadow=True))
    assert rules_broken(prog, [(CHEAP,)]) == {"H6": 1}
    assert [v.detail for v in validate(prog, [_row(prog)]).violations] == ["training"]
    assert seated(solve_ok(prog)) == {"S1": DEAR}


def test_status_fields_must_agree():
    with pytest.raises(ValidationError, match="removed_reason"):
        make_peer("P", status=PeerStatus.REMOVED)
    with pytest.raises(ValidationError, match="paused_until"):
        make_peer("P", paused_until=START)


def test_the_folder_reads_status_and_refuses_an_officer_shadow_seat(tmp_path):
    folder = tiny_copy(tmp_path)
    set_cell(folder, "peers.csv", 2, "status", "retired")
    set_cell(folder, "seats.csv", 2, "kind", "officer")
    set_cell(folder, "seats.csv", 2, "party_rule", "")
    set_cell(folder, "seats.csv", 2, "shadow", "true")
    problems = {(e.file, e.column): e.message for e in load_errors(folder)}
    assert "retired" in problems[("peers.csv", "status")]
    assert "shadow seat is for a member peer" in problems[("seats.csv", "shadow")]
