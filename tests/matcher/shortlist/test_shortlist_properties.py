"""Properties over random tiny programmes and a generated one with a placed year.

Whatever the pool, plan and challenge: every option passes the validator with the whole
plan and scores exactly what matcher.scoring adds, options differ pairwise in >= d seats,
every alternate is valid and scored exactly, and "no option" always comes with a
diagnosis.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import SAFE_HOMES, START, assign, make_challenge, make_peer, make_programme
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shortlist_support import check_result

from matcher.models import Gender, Party, PeerKind
from matcher.shortlist import ShortlistIndex, shortlist, why_not

HOMES = (*SAFE_HOMES, "U2", "U1")
TAGS = ("chief_executive", "s151", "transformation", "leader", "planning", "children")


@st.composite
def peers(draw):
    n = draw(st.integers(4, 11))
    out = []
    for i in range(n):
        kind = draw(st.sampled_from(PeerKind))
        member = kind is PeerKind.MEMBER
        out.append(
            make_peer(
                f"P{i}",
                kind,
                home_council=draw(st.sampled_from(HOMES)),
                party=draw(st.sampled_from([Party.LAB, Party.CON, Party.LD])) if member else None,
                tags=frozenset(draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=3))),
                lead_peer=draw(st.booleans()),
                days_used=draw(st.sampled_from([0, 10, 25, 34])),
                gender=draw(st.sampled_from([Gender.FEMALE, Gender.MALE, None])),
            )
        )
    return out


def feasible_pool():
    """A pool that staffs CH1 (random pools rarely do): the saved example that found the
    plan-breach bug, as members (lab unless said) and officers with one tag each."""
    member, officer = PeerKind.MEMBER, PeerKind.OFFICER
    rows = [
        (officer, "U3", "chief_executive", True, None),
        (officer, "D2", "transformation", False, None),
        (officer, "U3", "chief_executive", False, None),
        (member, "U3", "chief_executive", False, Party.LAB),
        (member, "D1", "chief_executive", True, Party.CON),
        (member, "U3", "chief_executive", False, Party.LAB),
        (member, "U3", "chief_executive", False, Party.LAB),
        (officer, "C1", "s151", False, None),
        (member, "U3", "chief_executive", False, Party.LAB),
        (member, "L1", "chief_executive", True, Party.LAB),
    ]
    return [
        make_peer(
            f"P{i}",
            kind,
            home_council=home,
            tags=frozenset({tag}),
            lead_peer=lead,
            party=party,
            days_used=0,
            gender=Gender.FEMALE,
        )
        for i, (kind, home, tag, lead, party) in enumerate(rows)
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pool=peers(),
    weeks=st.integers(0, 2),
    min_women=st.integers(0, 2),
    required=st.booleans(),
    busy=st.integers(0, 3),
    d=st.integers(1, 3),
)
@example(pool=feasible_pool(), weeks=0, min_women=0, required=False, busy=1, d=1)
def test_random_programmes(pool, weeks, min_women, required, busy, d):
    ch = make_challenge(
        latest_start=START + timedelta(days=7 * weeks),
        min_women=min_women,
        diversity_required=required,
        requests=("P1",),
    )
    other = make_challenge("CH0", earliest_start=START + timedelta(days=7), charged_days=8)
    prog = make_programme(peers=pool, challenges=[ch, other], settings={"weights": {"S4": 15}})
    # The placed year must itself be valid (H7: CH0's lead_member asks for the leader's
    # party); a plan that already breaks a rule is test_shortlist_plan_breach's case.
    leader = prog.leader_party(other)
    members = [p for p in pool if p.kind is PeerKind.MEMBER and p.lead_peer and p.party == leader]
    plan = [assign(prog, p.peer_id, "lead_member", "CH0") for p in members[:1] if busy]
    index = ShortlistIndex(prog, plan)
    result = shortlist(index, "CH1", k=3, d=d, m=3)
    if result.ok:
        check_result(index, result, d=d)
    else:
        assert result.infeasibility is not None and result.infeasibility.sentences()


@pytest.fixture(scope="module")
def placed_s():
    """Generated S programme (real councils) with the greedy plan as the placed year."""
    from matcher.councils import CouncilRegistry
    from matcher.encoding.decode import assignments_from_items
    from matcher.encoding.encode import encode
    from matcher.generate import generate_programme
    from matcher.settings import AppSettings
    from solver.greedy import greedy

    prog = generate_programme("S", 1, CouncilRegistry.from_data_dir(AppSettings().data_dir))
    enc = encode(prog)
    return ShortlistIndex(prog, assignments_from_items(enc, greedy(enc.problem)))


@pytest.mark.parametrize("position", [0, 17, 45, 90])
def test_generated_programme_against_a_placed_year(placed_s, position):
    challenge = placed_s.programme.challenges[position].challenge_id
    result = shortlist(placed_s, challenge, k=3, d=2, m=3)
    assert result.ok
    check_result(placed_s, result, d=2)
    best = result.options[0].score
    for option in result.options[1:]:
        held = option.assignments[-1]
        answer = why_not(placed_s, challenge, held.seat_id, held.peer_id)
        assert answer.eligible and answer.difference is not None
        assert 0 <= answer.difference <= option.score - best
