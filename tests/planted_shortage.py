"""The planted shortage shared by the what-if tests: no Liberal Democrat lead member peers.

Four CPCs at Southdale (D2, NOC led by the Liberal Democrats) two weeks apart, and one at
Rivertown (U1) whose leader is overridden to the Liberal Democrats: each needs a lead member
of the leader's party (H7), so all five seats go unfilled. See
tests/matcher/whatif/test_whatif_recruitment.py for the answer it must give.
"""

from __future__ import annotations

from datetime import timedelta

from factories import START, make_challenge, make_peers, make_programme, make_seat

from matcher.models import Party

LEAD_SEAT = {"party_rule": "leader_party", "lead_required": True}


def planted(member_cap: int = 40, days_used: int = 0):
    challenges = [
        make_challenge(f"D{i}", council="D2", earliest_start=START + timedelta(weeks=2 * i))
        for i in range(4)
    ]
    challenges.append(make_challenge("U", council="U1", leader_party=Party.LD))
    seats = [make_seat("lead_member", c.challenge_id, **LEAD_SEAT) for c in challenges]
    peers = make_peers(4, prefix="LAB", days_used=days_used) + make_peers(
        3, prefix="LDX", party=Party.LD, lead_peer=False
    )
    return make_programme(
        peers=peers,
        challenges=challenges,
        seats=seats,
        settings={"weights": {"S4": 0}, "member_cap_days": member_cap},
    )
