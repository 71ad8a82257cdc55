"""Infeasibility: supply pre-checks, the diagnostic core and the smallest relaxation.

Planted cases: the only lead member peer of the leader's party is conflicted (the answer
names H5 and that peer); only a day-cap exception would help (the answer proposes exactly
that exception, marked as needing approval, and nothing is applied); and one case per
other family (window, neighbour rule, required diversity, party rule).
"""

from __future__ import annotations

from datetime import timedelta

from factories import (
    START,
    make_challenge,
    make_conflict,
    make_peer,
    make_peers,
    make_programme,
    make_unavailability,
)

from matcher.models import Party, PeerKind
from matcher.shortlist import ShortlistIndex, shortlist
from matcher.validation import validate


def cpc(lead, *, others=(), **kwargs):
    """CH1's CPC at U1 (Labour): `lead` is the only Labour lead member peer; P2 (con,
    not a lead peer) takes the opposition seat; officers at D1, D2, C1."""
    members = [lead, make_peer("P2", home_council="L1", party=Party.CON, lead_peer=False), *others]
    officers = make_peers(3, PeerKind.OFFICER, prefix="O", home_offset=2)
    return make_programme(peers=[*members, *officers], **kwargs)


def broken(prog, relax) -> set[tuple[str, str]]:
    """What the relaxation's team breaks: exactly the rules it proposes to relax."""
    return {(v.rule, v.detail) for v in validate(prog, relax.team).violations}


def diagnosis_of(prog):
    result = shortlist(ShortlistIndex(prog), "CH1")
    assert not result.ok
    return result.infeasibility


def test_only_lead_member_conflicted_names_h5_and_the_peer():
    prog = cpc(make_peer("P1", home_council="U3"), conflicts=[make_conflict("P1", "U1")])
    diagnosis = diagnosis_of(prog)
    assert diagnosis.blocked_seats == ["lead_member"]
    assert [(c.code, c.detail) for c in diagnosis.core] == [("H5", "declared")]
    assert "P1" in diagnosis.core[0].message
    supply = [s for s in diagnosis.supply if s.seat_id == "lead_member"][0]
    assert dict(supply.remaining)["H5"] == 0 and "1 excluded by H5" in supply.message
    assert any("H5" in s and "P1" in s for s in diagnosis.sentences())
    assert diagnosis.relaxation is None  # a declared conflict is never relaxed


def test_only_a_day_cap_exception_helps_and_is_only_proposed():
    prog = cpc(make_peer("P1", home_council="U3", days_used=38))
    diagnosis = diagnosis_of(prog)
    assert [c.code for c in diagnosis.core] == ["H4"] and "P1" in diagnosis.core[0].message
    relax = diagnosis.relaxation
    assert [(c.family, c.peer_id, c.needs_approval) for c in relax.changes] == [("H4", "P1", True)]
    assert "cap would have to be 45 (+5)" in relax.changes[0].description
    assert "approval by the Director of Improvement" in relax.changes[0].description
    assert ("lead_member", "P1") in {(a.seat_id, a.peer_id) for a in relax.team}
    assert prog.peer_by_id["P1"].cap_days is None  # nothing applied
    assert not shortlist(ShortlistIndex(prog), "CH1").ok
    assert broken(prog, relax) == {("H4", "")}  # the team needs exactly that


def test_neighbour_rule_lifted_for_one_seat():
    prog = cpc(make_peer("P1", home_council="U2"))
    relax = diagnosis_of(prog).relaxation
    assert [(c.family, c.seat_id, c.peer_id) for c in relax.changes] == [
        ("H5", "lead_member", "P1")
    ]
    assert broken(prog, relax) == {("H5", "neighbour")}


def test_window_widened_by_one_week():
    prog = cpc(
        make_peer("P1", home_council="U3"),
        unavailability=[make_unavailability("P1", START - timedelta(days=1), START)],
    )
    relax = diagnosis_of(prog).relaxation
    assert [c.family for c in relax.changes] == ["window"]
    assert broken(prog, relax) == {("H3", "start")}
    assert relax.start in (START - timedelta(days=7), START + timedelta(days=7))


def test_required_diversity_made_a_preference():
    ch = make_challenge(min_disability=1, diversity_required=True)
    prog = cpc(make_peer("P1", home_council="U3"), challenges=[ch])
    diagnosis = diagnosis_of(prog)
    assert broken(prog, diagnosis.relaxation) == {("S2", "min_disability")}
    assert any(t.startswith("S2 (required)") for t in diagnosis.team_checks)
    assert [(c.family, c.needs_approval) for c in diagnosis.relaxation.changes] == [("S2", True)]


def test_party_rule_relaxed_for_the_seat():
    prog = cpc(make_peer("P1", home_council="U3", party=Party.LD))
    relax = diagnosis_of(prog).relaxation
    assert broken(prog, relax) == {("H7", "party_rule")}
    assert [(c.family, c.seat_id) for c in relax.changes] == [("H7", "lead_member")]
    assert relax.total_cost == relax.changes[0].cost


def test_cheapest_family_wins():
    """Both a cap exception (P1) and the neighbour rule (P3) would do: the cap is cheaper."""
    others = [make_peer("P3", home_council="U2")]
    relax = diagnosis_of(
        cpc(make_peer("P1", home_council="U3", days_used=38), others=others)
    ).relaxation
    assert [c.family for c in relax.changes] == ["H4"]


def test_homes_alone_make_it_impossible():
    """Three officers, two at one home (H8): each seat has candidates, the team has none."""
    officers = [
        make_peer("O1", PeerKind.OFFICER, home_council="D1"),
        make_peer("O2", PeerKind.OFFICER, home_council="D1"),
        make_peer("O3", PeerKind.OFFICER, home_council="C1"),
    ]
    prog = make_programme(
        peers=[
            make_peer("P1", home_council="U3"),
            make_peer("P2", home_council="L1", party=Party.CON),
            *officers,
        ]
    )
    diagnosis = diagnosis_of(prog)
    assert diagnosis.blocked_seats == [] and diagnosis.core == []
    assert any(t.startswith("H2/H8") for t in diagnosis.team_checks)
    assert diagnosis.relaxation is None


def test_a_confirmed_placement_that_breaks_a_rule_is_named():
    """The confirmed lead member is unavailable that week (H3): the core names them."""
    from factories import make_placement

    prog = cpc(
        make_peer("P1", home_council="U3"),
        others=[make_peer("P3", home_council="D2")],
        placements=[make_placement("P1", "lead_member")],
        unavailability=[make_unavailability("P1", START)],
    )
    diagnosis = diagnosis_of(prog)
    assert [(c.code, c.detail) for c in diagnosis.core] == [("H3", "unavailable")]
    assert "P1" in diagnosis.core[0].message
    import json

    assert json.loads(json.dumps(diagnosis.to_dict()))["core"][0]["code"] == "H3"
