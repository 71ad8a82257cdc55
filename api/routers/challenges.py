"""Challenges (with their seats) and councils of a programme: read, paginated, filtered.

Challenges and councils are not personal data, except a challenge's vetoes and
requests, which name peers: those appear to managers only, and reading them is logged.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from api import audit
from api.deps import CallerDep, PageDep, ProgrammeDep, ProgrammeIdPath, ServicesDep
from api.keys import Principal
from api.schemas import ChallengeOut, ErrorOut, Page, SeatOut
from matcher.models import Challenge, ChallengeType, Council, CouncilType, Seat
from matcher.programme import Programme

router = APIRouter(
    tags=["challenges"], responses={401: {"model": ErrorOut}, 404: {"model": ErrorOut}}
)


def seat_out(seat: Seat) -> SeatOut:
    return SeatOut(
        seat_id=seat.seat_id,
        kind=seat.kind,
        required_tags=sorted(seat.required_tags),
        preferred_tags=sorted(seat.preferred_tags),
        party_rule=seat.party_rule,
        lead_required=seat.lead_required,
        shadow=seat.shadow,
    )


def challenge_out(programme: Programme, c: Challenge, caller: Principal) -> ChallengeOut:
    people = caller.is_manager
    return ChallengeOut(
        **c.model_dump(exclude={"vetoes", "requests", "leader_party"}),
        leader_party=c.leader_party.value if c.leader_party else None,
        council_name=programme.councils[c.council].name,
        vetoes=list(c.vetoes) if people else None,
        requests=list(c.requests) if people else None,
        seats=[seat_out(s) for s in programme.seats_by_challenge[c.challenge_id]],
    )


def _log_people(services, caller: Principal, resource: str, shown: list[Challenge]) -> None:
    named = [c.challenge_id for c in shown if c.vetoes or c.requests]
    if caller.is_manager and named:
        audit.record(
            services.store,
            caller,
            "read",
            resource,
            personal=True,
            detail={"vetoes_and_requests_of": named},
        )


@router.get(
    "/programmes/{programme_id}/challenges",
    response_model=Page[ChallengeOut],
    summary="Challenges with their seats, paginated and filtered",
)
def challenges(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: CallerDep,
    page: PageDep,
    type: ChallengeType | None = None,
    council: Annotated[str | None, Query(max_length=20)] = None,
    starts_from: date | None = None,
    starts_to: date | None = None,
) -> Page[ChallengeOut]:
    """`starts_from`/`starts_to` keep challenges whose start window meets the range."""
    matching = [
        c
        for c in programme.challenges
        if (type is None or c.type is type)
        and (council is None or c.council == council)
        and (starts_from is None or c.latest_start >= starts_from)
        and (starts_to is None or c.earliest_start <= starts_to)
    ]
    shown = page.cut(matching)
    _log_people(services, caller, f"programmes/{programme_id}/challenges", shown)
    return Page(
        items=[challenge_out(programme, c, caller) for c in shown],
        total=len(matching),
        offset=page.offset,
        limit=page.limit,
    )


@router.get(
    "/programmes/{programme_id}/challenges/{challenge_id}",
    response_model=ChallengeOut,
    summary="One challenge with its seats",
)
def challenge(
    programme_id: ProgrammeIdPath,
    challenge_id: Annotated[str, Path(min_length=1, max_length=200)],
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: CallerDep,
) -> ChallengeOut:
    found = programme.challenge_by_id.get(challenge_id)
    if found is None:
        raise HTTPException(404, f"no challenge {challenge_id!r} in programme {programme_id}")
    _log_people(services, caller, f"programmes/{programme_id}/challenges/{challenge_id}", [found])
    return challenge_out(programme, found, caller)


@router.get(
    "/programmes/{programme_id}/councils",
    response_model=Page[Council],
    summary="The programme's councils (reference data), paginated and filtered",
)
def councils(
    programme: ProgrammeDep,
    page: PageDep,
    type: CouncilType | None = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[Council]:
    registry = programme.councils
    needle = q.lower() if q else None
    matching = [
        registry[code]
        for code in registry.codes
        if (type is None or registry[code].type is type)
        and (region is None or registry[code].region == region)
        and (needle is None or needle in registry[code].name.lower())
    ]
    return Page(items=page.cut(matching), total=len(matching), offset=page.offset, limit=page.limit)
