"""Validator tests for H7 (both clauses), H8 and diversity minimums made hard (S2)."""

from __future__ import annotations

import pytest
from factories import (
    assign,
    make_challenge,
    make_peer,
    make_programme,
    make_seat,
    make_solo,
    violation_keys,
)

from matcher.models import Gender, Party, PartyRule, PeerKind, YesNoUnsaid
from matcher.validation import validate

H7 = pytest.mark.rule("H7", "breaks")
H7_OK = pytest.mark.rule("H7", "passes")
H8 = pytest.mark.rule("H8", "breaks")
H8_OK = pytest.mark.rule("H8", "passes")
S2 = pytest.mark.rule("S2", "breaks")
S2_OK = pytest.mark.rule("S2", "passes")
HOMES = ("U3", "L1", "C1", "D1", "D2")


def party_seat(rule: str, party: Party | None, client: str = "U1", **challenge_fields):
    """P1 of `party` in a seat with party `rule` at `client`."""
    peer = make_peer(party=party)
    challenge = make_challenge(council=client, **challenge_fields)
    return make_solo(peer, seat=make_seat(party_rule=rule), challenge=challenge)


@H7_OK
@pytest.mark.parametrize(
    ("rule", "party", "client", "fields"),
    [
        (PartyRule.LEADER_PARTY, Party.LAB, "U1", {}),  # Labour-run
        (PartyRule.LEADER_PARTY, Party.LD, "D2", {}),  # NOC: the largest party leads
        (PartyRule.LEADER_PARTY, Party.CON, "U1", {"leader_party": Party.CON}),  # override
        (PartyRule.OTHER_PARTY, Party.CON, "U1", {}),
        (PartyRule.OTHER_PARTY, Party.LAB, "D2", {}),
        ("green", Party.GREEN, "U1", {}),
        (None, None, "U1", {}),  # no rule: any member
    ],
)
def test_party_rule_satisfied_passes(rule, party, client, fields):
    assert validate(*party_seat(rule, party, client, **fields)).ok


@H7
@pytest.mark.parametrize(
    ("rule", "party", "client", "fields"),
    [
        (PartyRule.LEADER_PARTY, Party.CON, "U1", {}),
        (PartyRule.LEADER_PARTY, Party.LAB, "D2", {}),  # NOC led by the largest party, ld
        (PartyRule.LEADER_PARTY, Party.LAB, "U1", {"leader_party": Party.CON}),
        (PartyRule.OTHER_PARTY, Party.LAB, "U1", {}),
        (PartyRule.OTHER_PARTY, None, "U1", {}),  # no party is not "another party"
        ("green", Party.LAB, "U1", {}),
    ],
)
def test_party_rule_broken_breaks(rule, party, client, fields):
    report = validate(*party_seat(rule, party, client, **fields))
    assert violation_keys(report) == {("H7", "party_rule", "CH1", "S1", "P1")}


def team(parties: list[Party | None], shadow: tuple[int, ...] = (), kinds=None, **fields):
    """A team at U1 with one peer per entry (distinct homes), seats S1.. (some shadow)."""
    kinds = kinds or [PeerKind.MEMBER] * len(parties)
    peers = [
        make_peer(f"P{i + 1}", kind, party=party, home_council=HOMES[i], **fields)
        for i, (party, kind) in enumerate(zip(parties, kinds, strict=True))
    ]
    seats = [make_seat(f"S{i + 1}", kind=kind, shadow=i in shadow) for i, kind in enumerate(kinds)]
    programme = make_programme(peers=peers, seats=seats)
    return programme, [assign(programme, f"P{i + 1}", f"S{i + 1}") for i in range(len(peers))]


@H7_OK
@pytest.mark.parametrize(
    ("parties", "shadow", "kinds"),
    [
        ([Party.LAB, Party.CON], (), None),
        ([Party.LAB, Party.LAB, Party.CON], (), None),
        ([Party.LAB, Party.LAB], (1,), None),  # the second is a shadow: one counted member
        ([Party.LAB, None, None], (), [PeerKind.MEMBER, PeerKind.OFFICER, PeerKind.OFFICER]),
    ],
)
def test_mixed_or_single_member_team_passes(parties, shadow, kinds):
    assert validate(*team(parties, shadow, kinds)).ok


@H7
@pytest.mark.parametrize(
    ("parties", "shadow"),
    [
        ([Party.LAB, Party.LAB], ()),
        ([Party.CON, Party.CON, Party.CON], ()),
        ([Party.LAB, Party.LAB, Party.CON], (2,)),  # the Conservative is only a shadow
    ],
)
def test_all_member_peers_of_one_party_breaks(parties, shadow):
    report = validate(*team(parties, shadow))
    assert violation_keys(report) == {("H7", "one_party", "CH1", None, None)}


@H8_OK
def test_distinct_home_councils_pass():
    assert validate(*team([Party.LAB, Party.CON, Party.LD])).ok


@H8
def test_shared_home_council_breaks():
    programme, rows = team([Party.LAB, Party.CON, Party.LD])
    programme = make_programme(
        peers=[
            p.model_copy(update={"home_council": "U3"}) if p.peer_id == "P3" else p
            for p in programme.peers
        ],
        seats=programme.seats,
    )
    report = validate(programme, rows)
    assert violation_keys(report) == {("H8", "", "CH1", "S3", "P3")}
    assert "P1 Synthetic (P1)" in report.violations[0].message
    assert "Seaport (U3)" in report.violations[0].message


@H8
def test_shadow_peers_share_a_team_too():
    programme, rows = team([Party.LAB, Party.CON], shadow=(1,))
    peers = [p.model_copy(update={"home_council": "L1"}) for p in programme.peers]
    report = validate(make_programme(peers=peers, seats=programme.seats), rows)
    assert violation_keys(report) == {("H8", "", "CH1", "S2", "P2")}


def diverse(genders, ethnic=(), disability=(), shadow=(), **minimums):
    parties = [Party.LAB, Party.CON, Party.LD, Party.GREEN][: len(genders)]
    programme, rows = team(parties, shadow)
    peers = [
        p.model_copy(
            update={
                "gender": genders[i],
                "ethnic_minority": ethnic[i] if i < len(ethnic) else None,
                "disability": disability[i] if i < len(disability) else None,
            }
        )
        for i, p in enumerate(programme.peers)
    ]
    challenge = make_challenge(diversity_required=True, **minimums)
    return make_programme(peers=peers, seats=programme.seats, challenges=[challenge]), rows


@S2_OK
def test_required_minimums_met_pass():
    programme, rows = diverse(
        [Gender.FEMALE, Gender.FEMALE, Gender.MALE],
        ethnic=[None, YesNoUnsaid.YES],
        disability=[YesNoUnsaid.YES],
        min_women=2,
        min_ethnic_minority=1,
        min_disability=1,
    )
    assert validate(programme, rows).ok


@S2_OK
def test_unmet_minimum_is_not_hard_unless_required():
    programme, rows = diverse([Gender.MALE, Gender.MALE], min_women=1)
    challenge = programme.challenges[0].model_copy(update={"diversity_required": False})
    programme = make_programme(peers=programme.peers, seats=programme.seats, challenges=[challenge])
    assert validate(programme, rows).ok


@S2
def test_unsaid_and_missing_data_never_count_toward_a_required_minimum():
    programme, rows = diverse(
        [Gender.FEMALE, Gender.PREFER_NOT_TO_SAY, None],
        ethnic=[YesNoUnsaid.PREFER_NOT_TO_SAY, None, YesNoUnsaid.NO],
        min_women=2,
        min_ethnic_minority=1,
    )
    report = validate(programme, rows)
    assert violation_keys(report) == {
        ("S2", "min_women", "CH1", None, None),
        ("S2", "min_ethnic_minority", "CH1", None, None),
    }
    assert "at least 2 women and the team has 1" in report.of_rule("S2", "min_women")[0].message


@S2
def test_a_shadow_peer_does_not_count_toward_a_required_minimum():
    programme, rows = diverse([Gender.MALE, Gender.FEMALE], shadow=(1,), min_women=1)
    assert violation_keys(validate(programme, rows)) == {("S2", "min_women", "CH1", None, None)}


def test_a_wholly_unfilled_team_is_left_to_h1():
    programme, _ = diverse([Gender.MALE], min_women=1)
    assert validate(programme, []).ok  # partial teams allowed by default
