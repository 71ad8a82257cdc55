"""A breach the plan already had on another challenge is not the shortlisted team's doing.

Planted case (found by test_shortlist_properties): opposition member P2 (con) is placed on
CH0's lead_member seat, whose H7 party rule asks for the leader's party (lab at U1). P2 is
also the only peer who satisfies CH1's member seat (H7 other_party). The team for CH1 is
valid; the shortlist's own check used to blame it for CH0's H7 breach (any violation of
a team peer counted) and raised InternalError. Only rules that a peer's seats on other
challenges count toward (H3, H4: `across_challenges` in the registry) may blame the team
for another challenge's row, and those still do (the H4 case below).
"""

from __future__ import annotations

from datetime import timedelta

from factories import START, assign, make_challenge, make_peer, make_peers, make_programme

from matcher.models import Party, PeerKind
from matcher.rules import RuleId, across_challenge_codes
from matcher.shortlist import ShortlistIndex, shortlist
from matcher.shortlist.verify import team_violations
from matcher.validation import validate


def planted(days_used: int = 0) -> ShortlistIndex:
    """CH1 (U1, five seats) to shortlist; CH0 a week later with P2 breaking its H7 rule."""
    peers = [
        make_peer("P1", home_council="U3"),
        make_peer("P2", home_council="L1", party=Party.CON, days_used=days_used),
        *make_peers(3, PeerKind.OFFICER, prefix="O", home_offset=2),
    ]
    ch0 = make_challenge("CH0", earliest_start=START + timedelta(days=7), charged_days=8)
    prog = make_programme(peers=peers, challenges=[make_challenge(), ch0])
    return ShortlistIndex(prog, [assign(prog, "P2", "lead_member", "CH0")])


def keys(report) -> set[tuple]:
    return {(v.rule, v.challenge_id, v.seat_id, v.peer_id) for v in report.violations}


def test_registry_marks_only_dates_and_day_caps_as_across_challenges():
    assert across_challenge_codes() == {RuleId.H3, RuleId.H4}


def test_team_with_a_peer_whose_other_seat_breaks_h7_is_shortlisted():
    index = planted()
    plan = list(index.plan.rows)
    assert keys(validate(index.programme, plan)) >= {(RuleId.H7, "CH0", "lead_member", "P2")}
    result = shortlist(index, "CH1", k=1, d=1, m=2)
    assert result.ok
    team = result.options[0].assignments
    assert {(a.seat_id, a.peer_id) for a in team} >= {("lead_member", "P1"), ("member", "P2")}
    assert team_violations(index, "CH1", team) == []
    # The whole plan with the team breaks exactly what the plan broke before (H7 on CH0).
    without_team = keys(validate(index.programme, plan))
    assert keys(validate(index.programme, plan + team)) == without_team


def test_a_day_cap_broken_on_another_challenge_still_blames_the_team():
    """H4 (across_challenges): P2's CH0 seat takes them over the cap only with CH1's
    seven days (26 + 7 + 8 > 40); the violation is flagged on CH0's row."""
    index = planted(days_used=26)
    prog = index.programme
    team = [
        assign(prog, p, s)
        for p, s in [("P1", "lead_member"), ("P2", "member"), ("O1", "lead_officer")]
        + [("O2", "officer_finance"), ("O3", "officer_scope")]
    ]
    found = {(v.rule, v.challenge_id, v.peer_id) for v in team_violations(index, "CH1", team)}
    assert found == {(RuleId.H4, "CH0", "P2")}
