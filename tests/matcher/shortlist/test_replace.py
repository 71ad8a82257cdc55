"""Re-planning after a withdrawal: confirmed placements stay pinned, the vacated seat is
refilled (others kept), or unconfirmed seats move as little as S7 allows."""

from __future__ import annotations

from factories import make_peer, make_peers, make_placement, make_programme

from matcher.models import Party, PeerKind
from matcher.shortlist import ShortlistIndex
from matcher.shortlist.replace import replace
from matcher.validation import validate


def placed_cpc(extra=(), statuses=None, spare=True):
    """CH1 fully placed: P1, P2 (member), O1-O3; P5 (ld, if `spare`) and O4 are free."""
    members = [
        make_peer("P1", home_council="U3"),
        make_peer("P2", home_council="L1", party=Party.CON),
        *([make_peer("P5", home_council="L1", party=Party.LD)] if spare else []),
    ]
    officers = make_peers(4, PeerKind.OFFICER, prefix="O", home_offset=2)
    statuses = statuses or {}
    seats = {
        "P1": "lead_member",
        "P2": "member",
        "O1": "lead_officer",
        "O2": "officer_finance",
        "O3": "officer_scope",
    }
    placements = [
        make_placement(p, s, status=statuses.get(p, "confirmed")) for p, s in seats.items()
    ]
    return make_programme(peers=[*members, *officers, *extra], placements=placements)


def seated(option):
    return {(a.seat_id, a.peer_id) for a in option.assignments}


def test_replacement_keeps_every_other_seat_and_validates():
    prog = placed_cpc()
    result = replace(ShortlistIndex(prog), "CH1", "P2")
    assert result.seat_id == "member"
    assert seated(result.replacement) == {
        ("lead_member", "P1"),
        ("member", "P5"),
        ("lead_officer", "O1"),
        ("officer_finance", "O2"),
        ("officer_scope", "O3"),
    }
    assert validate(result.programme, result.replacement.assignments).ok
    assert "P2" not in {pl.peer_id for pl in result.programme.placements}
    assert "P2" in {pl.peer_id for pl in prog.placements}  # the caller's programme is intact


def test_reshuffle_moves_only_unconfirmed_seats():
    """P2 withdraws; the only other-party member P6 shares a home with O1 (proposed), so
    keeping O1 is impossible: O1 makes way for O9, every confirmed seat stays."""
    extra = [
        make_peer("P6", home_council="D1", party=Party.LD),
        make_peer("O9", PeerKind.OFFICER, home_council="L1"),
    ]
    prog = placed_cpc(extra=extra, statuses={"O1": "proposed", "O3": "proposed"}, spare=False)
    result = replace(ShortlistIndex(prog), "CH1", "P2")
    assert result.replacement is None
    option = result.reshuffle
    assert {("lead_member", "P1"), ("officer_finance", "O2")} <= seated(option)
    assert ("member", "P6") in seated(option)
    assert "O1" not in {p for _, p in seated(option)}
    assert "member" in result.changed_seats and "officer_finance" not in result.changed_seats
    assert validate(result.programme, option.assignments).ok


def test_withdrawal_of_a_peer_not_on_the_team_is_an_error():
    import pytest

    with pytest.raises(ValueError, match="holds no seat"):
        replace(ShortlistIndex(placed_cpc()), "CH1", "O4")
