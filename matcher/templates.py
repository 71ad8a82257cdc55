"""Default seat templates per challenge type (DOMAIN.md, "Seat").

A challenge without rows in the `seats` file gets its type's template. Templates are
deliberately plain: a CPC has a lead member peer of the leader's party, a lead officer
peer who is a chief executive, an opposition member peer for larger councils and officer
peers for the usual scope.
"""

from __future__ import annotations

from matcher.models import Challenge, ChallengeType, Council, PartyRule, PeerKind, Seat

LARGE_COUNCIL_POPULATION = 200_000
"""Councils at least this size get a second (opposition) member peer on a CPC."""

FINANCE_TAGS = frozenset({"s151"})
SCOPE_TAGS = frozenset({"transformation", "hr_od", "digital", "regeneration", "planning"})
PEOPLE_TAGS = frozenset({"children", "adults", "housing"})


def _seat(challenge: Challenge, seat_id: str, kind: PeerKind, **fields) -> Seat:
    return Seat(challenge_id=challenge.challenge_id, seat_id=seat_id, kind=kind, **fields)


def _cpc(challenge: Challenge, council: Council | None) -> list[Seat]:
    seats = [
        _seat(
            challenge,
            "lead_member",
            PeerKind.MEMBER,
            party_rule=PartyRule.LEADER_PARTY,
            lead_required=True,
            preferred_tags=frozenset({"leader"}),
        ),
        _seat(
            challenge,
            "lead_officer",
            PeerKind.OFFICER,
            required_tags=frozenset({"chief_executive"}),
            lead_required=True,
        ),
    ]
    if council is not None and (council.population or 0) >= LARGE_COUNCIL_POPULATION:
        seats.append(_seat(challenge, "member", PeerKind.MEMBER, party_rule=PartyRule.OTHER_PARTY))
    seats.append(
        _seat(
            challenge,
            "officer_finance",
            PeerKind.OFFICER,
            required_tags=FINANCE_TAGS | frozenset({"transformation"}),
            preferred_tags=FINANCE_TAGS,
        )
    )
    seats.append(
        _seat(challenge, "officer_scope", PeerKind.OFFICER, required_tags=SCOPE_TAGS | PEOPLE_TAGS)
    )
    return seats


def _finance(challenge: Challenge) -> list[Seat]:
    return [
        _seat(
            challenge,
            "lead_officer",
            PeerKind.OFFICER,
            required_tags=FINANCE_TAGS,
            lead_required=True,
        ),
        _seat(
            challenge,
            "member_finance",
            PeerKind.MEMBER,
            required_tags=frozenset({"cabinet_finance"}),
        ),
        _seat(
            challenge,
            "officer_finance",
            PeerKind.OFFICER,
            required_tags=FINANCE_TAGS | frozenset({"transformation"}),
        ),
    ]


def _governance(challenge: Challenge) -> list[Seat]:
    return [
        _seat(
            challenge,
            "lead_officer",
            PeerKind.OFFICER,
            required_tags=frozenset({"monitoring_officer", "head_of_legal"}),
            lead_required=True,
        ),
        _seat(
            challenge,
            "officer_democratic",
            PeerKind.OFFICER,
            required_tags=frozenset({"democratic_services"}),
        ),
        _seat(challenge, "member", PeerKind.MEMBER),
    ]


def _progress_review(challenge: Challenge) -> list[Seat]:
    return [
        _seat(
            challenge,
            "lead_member",
            PeerKind.MEMBER,
            party_rule=PartyRule.LEADER_PARTY,
            lead_required=True,
        ),
        _seat(
            challenge,
            "lead_officer",
            PeerKind.OFFICER,
            required_tags=frozenset({"chief_executive"}),
        ),
    ]


def _mentoring(challenge: Challenge) -> list[Seat]:
    return [
        _seat(
            challenge,
            "mentor",
            PeerKind.MEMBER,
            party_rule=PartyRule.LEADER_PARTY,
            preferred_tags=frozenset({"leader"}),
        ),
    ]


def default_seats(challenge: Challenge, council: Council | None) -> list[Seat]:
    """The type's default team for `challenge` (council size decides the CPC's size)."""
    match challenge.type:
        case ChallengeType.CPC:
            return _cpc(challenge, council)
        case ChallengeType.FINANCE:
            return _finance(challenge)
        case ChallengeType.GOVERNANCE:
            return _governance(challenge)
        case ChallengeType.PROGRESS_REVIEW:
            return _progress_review(challenge)
        case ChallengeType.MENTORING:
            return _mentoring(challenge)
    raise ValueError(f"no template for challenge type {challenge.type!r}")
