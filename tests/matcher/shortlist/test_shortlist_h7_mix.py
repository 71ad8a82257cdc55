"""H7 in the one-team model, as the batch's test_batch_rules checks it: two member peers
on a team are not all of one party, and a shadow seat's member does not count."""

from __future__ import annotations

import pytest
from factories import assign, make_peer, make_programme, make_seat
from shortlist_support import check_result

from matcher.models import Party
from matcher.shortlist import ShortlistIndex, shortlist
from matcher.validation import validate


def mix_index(second_seat_shadow: bool) -> ShortlistIndex:
    """Two member seats on CH1; X1 and X2 are Labour, X3 Conservative (homes all differ)."""
    peers = [
        make_peer("X1", home_council="C1"),
        make_peer("X2", home_council="D2"),
        make_peer("X3", home_council="U3", party=Party.CON),
    ]
    seats = [make_seat("S1"), make_seat("S2", shadow=second_seat_shadow)]
    return ShortlistIndex(make_programme(peers=peers, seats=seats), [])


def teams(result) -> list[set[str]]:
    return [{a.peer_id for a in option.assignments} for option in result.options]


@pytest.mark.rule("H7", "breaks")
def test_h7_no_option_seats_two_members_of_one_party():
    index = mix_index(second_seat_shadow=False)
    prog = index.programme
    all_labour = [assign(prog, "X1", "S1"), assign(prog, "X2", "S2")]
    assert {v.rule for v in validate(prog, all_labour).violations} == {"H7"}
    result = shortlist(index, "CH1", k=3, d=1, m=2)
    assert result.ok
    assert all("X3" in team for team in teams(result))
    check_result(index, result, d=1)


@pytest.mark.rule("H7", "passes")
def test_h7_a_shadow_member_does_not_count_toward_the_mix():
    index = mix_index(second_seat_shadow=True)
    result = shortlist(index, "CH1", k=3, d=1, m=2)
    assert {"X1", "X2"} in teams(result)
    check_result(index, result, d=1)
