"""The profile freshness setting (issue 13): with `profile_stale_before` set, a peer whose
profile was last updated before it (or never) is excluded under H6 by the encoder and
flagged by the independent validator; without it, freshness excludes no one."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_peer, make_seat
from helpers_batch import programme, rules_broken, seated, solve_ok

from matcher.models import PeerKind

CUT = date(2023, 6, 3)
"""Twelve months before the default challenge start (3 June 2024)."""


def two(kind: PeerKind, cheap_updated: date | None):
    """X is cheap (home C1) with the given profile date; Y dear (U3) and fresh."""
    return [
        make_peer("X", kind, home_council="C1", profile_updated_on=cheap_updated),
        make_peer("Y", kind, home_council="U3", profile_updated_on=date(2024, 1, 1)),
    ]


@pytest.mark.rule("H6", "breaks")
@pytest.mark.parametrize("kind", [PeerKind.MEMBER, PeerKind.OFFICER])
@pytest.mark.parametrize("updated", [date(2023, 6, 2), None])
def test_a_stale_profile_is_not_matched_when_the_setting_is_on(kind, updated):
    prog = programme(
        two(kind, updated), seats=[make_seat(kind=kind)], settings={"profile_stale_before": CUT}
    )
    broken = validate_rows(prog)
    assert broken == {"H6": 1}
    assert seated(solve_ok(prog)) == {"S1": "Y"}


@pytest.mark.rule("H6", "passes")
@pytest.mark.parametrize(
    ("updated", "setting"),
    [(CUT, CUT), (date(2020, 1, 1), None), (None, None)],
    ids=["updated-on-the-cut-off", "old-profile-setting-off", "never-updated-setting-off"],
)
def test_a_profile_is_matched_when_fresh_or_when_the_setting_is_off(updated, setting):
    prog = programme(two(PeerKind.MEMBER, updated), settings={"profile_stale_before": setting})
    assert validate_rows(prog) == {}
    assert seated(solve_ok(prog)) == {"S1": "X"}


def validate_rows(prog) -> dict:
    return rules_broken(prog, [("X",)])
