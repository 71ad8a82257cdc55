"""Bottlenecks, cap exceptions (H4 proposals) and the recruitment that closes a planted gap.

The planted shortage: no Liberal Democrat lead member peers anywhere. Four CPCs at
Southdale (D2, NOC led by the Liberal Democrats) two weeks apart, and one at Rivertown
(U1) whose leader is overridden to the Liberal Democrats, in the same week as the first.
Each needs a lead member of the leader's party (H7), so all five seats go unfilled. A
recruit living in the East Midlands can serve D2 only from U1/U2 and U1 only from
C1/D1/D2 (H5: own council, two-tier area, neighbours), so one recruit takes the four D2
seats (28 days, within the 40-day cap, H4) and a second the U1 seat: the answer is two
Liberal Democrat lead member peers in the East Midlands filling five seats.
"""

from __future__ import annotations

import pytest
from factories import make_challenge, make_peer, make_programme, make_seat
from planted_shortage import planted

from matcher.batch.job import run_batch
from matcher.models import Party, PeerKind
from matcher.whatif import analyse_gaps
from matcher.whatif.scenario_models import RecruitmentCost
from solver.solve import SolveParams, SolveStatus

PARAMS = SolveParams(time_limit_s=5, workers=1, seed=0)


@pytest.mark.parametrize(("cap", "recruits"), [(40, 2), (14, 3)])
def test_planted_shortage_names_the_profile_and_count(cap, recruits):
    programme = planted(cap)
    result = run_batch(programme, PARAMS)
    assert len(result.unfilled) == 5
    analysis = analyse_gaps(programme, result, RecruitmentCost(), PARAMS, verify_with=PARAMS)
    (line,) = analysis.recruits
    p = line.profile
    assert (p.kind, p.party, p.lead, p.region) == (PeerKind.MEMBER, Party.LD, True, "East Midlands")
    assert line.count == recruits and len(line.seats) == 5
    assert analysis.model["recruitment"]["status"] == SolveStatus.OPTIMAL.value
    assert analysis.sentence().startswith(
        f"Recruit {recruits} Liberal Democrat lead member peers in East Midlands; "
        "they fill 5 seats (D0/lead_member"
    )
    assert (analysis.verified_filled, analysis.verified_unfilled) == (5, 0)


def test_cap_exceptions_are_proposed_for_peers_over_their_cap():
    """A member seat nobody can take within the cap: the exception model proposes one."""
    peer = make_peer("P1", days_used=38)
    challenge = make_challenge()
    programme = make_programme(
        peers=[peer], challenges=[challenge], seats=[make_seat(challenge_id="CH1")]
    )
    result = run_batch(programme, PARAMS)
    assert len(result.unfilled) == 1  # H4: 38 + 7 > 40
    analysis = analyse_gaps(programme, result, RecruitmentCost(), PARAMS)
    (proposal,) = analysis.exceptions
    assert (proposal.peer_id, proposal.cap, proposal.extra_days) == ("P1", 40, 5)
    assert proposal.seats == ("CH1/S1",)


def test_no_gap_no_analysis():
    programme = make_programme(peers=[make_peer()], seats=[make_seat()])
    result = run_batch(programme, PARAMS)
    analysis = analyse_gaps(programme, result, RecruitmentCost(), PARAMS)
    assert analysis.unfilled == 0 and analysis.recruits == []
    assert analysis.sentence() == "Every seat is filled: no recruitment needed."
