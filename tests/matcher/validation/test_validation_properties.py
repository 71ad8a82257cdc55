"""Property-based tests of the validator on small random programmes and answers.

Random answers break rules freely (unknown ids, wrong dates, clashes); the validator must
judge them all without crashing, report only catalogued rules, and be deterministic.
"""

from __future__ import annotations

from datetime import date, timedelta

from factories import make_programme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.models import (
    Assignment,
    Challenge,
    ChallengeType,
    Conflict,
    ConflictReason,
    Gender,
    Party,
    PartyRule,
    PeerKind,
    Placement,
    PlacementStatus,
    Seat,
    Unavailability,
    YesNoUnsaid,
)
from matcher.models import Peer as PeerModel
from matcher.programme import Programme, onsite_end, start_options
from matcher.rules import CATALOGUE
from matcher.validation import validate

CODES = ("C1", "D1", "D2", "U1", "U2", "U3", "L1")
TAGS = ("leader", "cabinet_finance", "chief_executive", "s151", "children", "hr_od")
DAY0 = date(2024, 4, 1)
days = st.integers(0, 500).map(lambda n: DAY0 + timedelta(days=n))
maybe = st.one_of  # readability: maybe(st.none(), x)


@st.composite
def peers(draw, peer_id: str) -> PeerModel:
    kind = draw(st.sampled_from(PeerKind))
    return PeerModel(
        peer_id=peer_id,
        name=f"Random {peer_id}",
        kind=kind,
        party=draw(st.sampled_from(Party)) if kind is PeerKind.MEMBER else None,
        home_council=draw(st.sampled_from(CODES)),
        tags=frozenset(draw(st.sets(st.sampled_from(TAGS), max_size=3))),
        lead_peer=draw(st.booleans()),
        trained_on=draw(maybe(st.none(), days.map(lambda d: d - timedelta(days=1000)))),
        conference_on=draw(maybe(st.none(), days.map(lambda d: d - timedelta(days=900)))),
        serving_until=draw(maybe(st.none(), days)),
        gender=draw(maybe(st.none(), st.sampled_from(Gender))),
        ethnic_minority=draw(maybe(st.none(), st.sampled_from(YesNoUnsaid))),
        days_used=draw(st.integers(0, 45)),
        cap_days=draw(maybe(st.none(), st.integers(0, 50))),
        training_waived=draw(st.booleans()),
    )


@st.composite
def challenges(draw, challenge_id: str, peer_ids: list[str], earlier: list[str]) -> Challenge:
    start = draw(days)
    return Challenge(
        challenge_id=challenge_id,
        council=draw(st.sampled_from(CODES)),
        type=draw(st.sampled_from(ChallengeType)),
        onsite_days=draw(st.integers(1, 5)),
        charged_days=draw(st.integers(0, 10)),
        earliest_start=start,
        latest_start=start + timedelta(days=draw(st.sampled_from([0, 0, 6, 20]))),
        follows=draw(maybe(st.none(), st.sampled_from(earlier))) if earlier else None,
        leader_party=draw(maybe(st.none(), st.sampled_from(Party))),
        min_women=draw(st.integers(0, 2)),
        min_disability=draw(st.integers(0, 1)),
        diversity_required=draw(st.booleans()),
        vetoes=tuple(draw(st.lists(st.sampled_from(peer_ids), max_size=2))),
        requests=tuple(draw(st.lists(st.sampled_from(peer_ids), max_size=2))),
    )


@st.composite
def explicit_seats(draw, challenge_id: str) -> list[Seat]:
    rules = [None, PartyRule.LEADER_PARTY.value, PartyRule.OTHER_PARTY.value, "lab"]
    return [
        Seat(
            challenge_id=challenge_id,
            seat_id=f"S{i}",
            kind=draw(st.sampled_from(PeerKind)),
            required_tags=frozenset(draw(st.sets(st.sampled_from(TAGS), max_size=2))),
            party_rule=draw(st.sampled_from(rules)),
            lead_required=draw(st.booleans()),
            shadow=draw(st.booleans()),
        )
        for i in range(draw(st.integers(1, 4)))
    ]


@st.composite
def programmes(draw, confirmed: bool = True) -> Programme:
    peer_ids = [f"P{i}" for i in range(draw(st.integers(1, 6)))]
    pool = [draw(peers(pid)) for pid in peer_ids]
    ids = [f"CH{i}" for i in range(draw(st.integers(1, 3)))]
    chs = [draw(challenges(cid, peer_ids, ids[:i])) for i, cid in enumerate(ids)]
    seats = [s for cid in ids if draw(st.booleans()) for s in draw(explicit_seats(cid))]
    programme = make_programme(
        peers=pool,
        challenges=chs,
        seats=seats,
        unavailability=[
            Unavailability(
                peer_id=draw(st.sampled_from(peer_ids)),
                from_date=d,
                to_date=d + timedelta(days=draw(st.integers(0, 9))),
            )
            for d in draw(st.lists(days, max_size=3))
        ],
        conflicts=[
            Conflict(
                peer_id=draw(st.sampled_from(peer_ids)),
                ons_code=code,
                reason=draw(st.sampled_from(ConflictReason)),
                until_year=draw(maybe(st.none(), st.integers(2015, 2025))),
            )
            for code in draw(st.lists(st.sampled_from(CODES), max_size=3))
        ],
        settings={"allow_partial": draw(st.booleans()), "neighbour_rule": draw(st.booleans())},
    )
    statuses = list(PlacementStatus) if confirmed else [PlacementStatus.PROPOSED]
    placements = [
        Placement(
            challenge_id=s.challenge_id,
            seat_id=s.seat_id,
            peer_id=draw(st.sampled_from(peer_ids)),
            status=draw(st.sampled_from(statuses)),
        )
        for s in draw(st.lists(st.sampled_from(programme.all_seats), max_size=3))
    ]
    return make_programme(**{**_fields(programme), "placements": placements})


def _fields(programme: Programme) -> dict:
    return {
        name: getattr(programme, name)
        for name in ("peers", "challenges", "seats", "unavailability", "conflicts", "settings")
    }


@st.composite
def answers(draw, programme: Programme) -> list[Assignment]:
    """Mostly plausible rows (real seats, allowed starts), some deliberately wrong."""
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        seat = draw(st.sampled_from(programme.all_seats))
        challenge = programme.challenge_by_id[seat.challenge_id]
        start = draw(st.one_of(st.sampled_from(start_options(challenge)), days))
        end = draw(st.one_of(st.just(onsite_end(challenge, start)), days))
        peer_id = draw(
            st.one_of(st.sampled_from([p.peer_id for p in programme.peers]), st.just("ghost"))
        )
        seat_id = draw(st.one_of(st.just(seat.seat_id), st.just("nope")))
        rows.append(
            Assignment(
                challenge_id=seat.challenge_id,
                seat_id=seat_id,
                peer_id=peer_id,
                start_date=start,
                end_date=end,
            )
        )
    if rows and draw(st.booleans()):
        rows.append(rows[0])
    return rows


FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KNOWN = {r.code for r in CATALOGUE}


@FAST
@given(st.data())
def test_validator_never_crashes_and_reports_only_catalogued_rules(data):
    programme = data.draw(programmes())
    report = validate(programme, data.draw(answers(programme)))
    assert report.ok == (not report.violations)
    for v in report.violations:
        assert v.rule in KNOWN and v.message.startswith(f"{v.rule}: ")
        assert v.challenge_id
    assert sum(report.by_rule().values()) == len(report.violations)
    assert isinstance(report.score.total, int)


@FAST
@given(st.data())
def test_validate_is_deterministic_and_ignores_row_order(data):
    programme = data.draw(programmes())
    rows = data.draw(answers(programme))
    first = validate(programme, rows)
    assert validate(programme, rows) == first
    shuffled = validate(programme, data.draw(st.permutations(rows)))
    assert shuffled.violations == first.violations
    assert shuffled.score.total == first.score.total


@FAST
@given(programmes(confirmed=False))
def test_an_empty_answer_breaks_only_h1_unfilled_and_only_without_partial(programme):
    report = validate(programme, [])
    if programme.settings.allow_partial:
        assert report.ok, report.violations
        return
    expected = {(s.challenge_id, s.seat_id) for s in programme.all_seats if not s.shadow}
    assert {(v.rule, v.detail) for v in report.violations} <= {("H1", "unfilled")}
    assert {(v.challenge_id, v.seat_id) for v in report.violations} == expected
    assert len(report.violations) == len(expected)
