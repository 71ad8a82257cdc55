"""Shortlist, why-not and replace: synchronous calls for one challenge (managers only:
the answers name peers and their explanations cite party and diversity)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Path
from pydantic import BaseModel, Field

from api import audit
from api.deps import ManagerDep, NowDep, ProgrammeDep, ProgrammeIdPath, ServicesDep
from api.profile_updates import stale_now
from api.schemas import BusyOut, ErrorOut
from api.shortlists import (
    ReplacementOut,
    ShortlistOut,
    WhyNotOut,
    diagnosis_dict,
    sync_slot,
)
from matcher.programme import Programme
from matcher.shortlist import shortlist
from matcher.shortlist.replace import replace
from matcher.shortlist.whynot import why_not

router = APIRouter(
    tags=["shortlists"],
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        422: {"model": ErrorOut},
        429: {"model": BusyOut},
    },
)

ChallengeIdPath = Annotated[str, Path(min_length=1, max_length=200)]
RunRef = Annotated[
    str | None,
    Field(
        default=None,
        max_length=64,
        description=(
            "A done run of this programme whose plan is the rest of the year (default: none)."
        ),
    ),
]


class ShortlistIn(BaseModel):
    k: int = Field(default=3, ge=1, le=10, description="Teams wanted.")
    d: int = Field(default=2, ge=1, le=10, description="Seats any two teams differ in.")
    m: int = Field(default=5, ge=0, le=20, description="Alternates per seat.")
    run_id: RunRef = None


class WhyNotIn(BaseModel):
    seat_id: str = Field(min_length=1, max_length=200)
    peer_id: str = Field(min_length=1, max_length=200)
    run_id: RunRef = None


class ReplaceIn(BaseModel):
    peer_id: str = Field(min_length=1, max_length=200, description="The peer withdrawing.")
    run_id: str = Field(
        min_length=1, max_length=64, description="The done run whose team the peer withdraws from."
    )


def _check(
    programme: Programme, challenge_id: str, seat_id: str | None = None, peer_id: str | None = None
) -> None:
    if challenge_id not in programme.challenge_by_id:
        raise HTTPException(404, f"no challenge {challenge_id!r} in this programme")
    if seat_id is not None and (challenge_id, seat_id) not in programme.seat_by_key:
        raise HTTPException(404, f"no seat {seat_id!r} on {challenge_id}")
    if peer_id is not None and peer_id not in programme.peer_by_id:
        raise HTTPException(404, f"no peer {peer_id!r} in this programme")


def _index(services, programme_id: int, run_id: str | None):
    try:
        return services.shortlist_indexes.get(services, programme_id, run_id)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


@router.post(
    "/programmes/{programme_id}/challenges/{challenge_id}/shortlist",
    response_model=ShortlistOut,
    summary="Alternative teams for one challenge, with ranked alternates per seat and the reasons",
)
def shortlist_call(
    programme_id: ProgrammeIdPath,
    challenge_id: ChallengeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
    now: NowDep,
    body: Annotated[ShortlistIn | None, Body()] = None,
) -> ShortlistOut:
    body = body or ShortlistIn()
    _check(programme, challenge_id)
    with sync_slot(services):
        index = _index(services, programme_id, body.run_id)
        result = shortlist(index, challenge_id, k=body.k, d=body.d, m=body.m)
    out = ShortlistOut.model_validate(
        {**vars(result), "infeasibility": diagnosis_dict(result.infeasibility)}
    )
    for option in out.options:  # flagged for the manager, not excluded (issue 13)
        option.stale_profiles = sorted(
            {a.peer_id for a in option.assignments}
            & {p.peer_id for p in stale_now(services.store, programme, programme_id, now.date())}
        )
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/challenges/{challenge_id}/shortlist",
        personal=True,
        detail={"peer_ids": sorted({a.peer_id for o in out.options for a in o.assignments})},
    )
    return out


@router.post(
    "/programmes/{programme_id}/challenges/{challenge_id}/why-not",
    response_model=WhyNotOut,
    summary="Why a peer is not in a seat: the excluding rules, or what including them costs",
)
def why_not_call(
    programme_id: ProgrammeIdPath,
    challenge_id: ChallengeIdPath,
    body: WhyNotIn,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
) -> WhyNotOut:
    _check(programme, challenge_id, body.seat_id, body.peer_id)
    with sync_slot(services):
        index = _index(services, programme_id, body.run_id)
        answer = why_not(index, challenge_id, body.seat_id, body.peer_id)
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/challenges/{challenge_id}/why-not",
        personal=True,
        detail={"peer_id": body.peer_id, "seat_id": body.seat_id},
    )
    return WhyNotOut.model_validate({**vars(answer), "sentences": answer.sentences()})


@router.post(
    "/programmes/{programme_id}/challenges/{challenge_id}/replace",
    response_model=ReplacementOut,
    summary="Replace a peer withdrawing from a "
    "run's team: the best replacement and the least disruptive re-shuffle",
)
def replace_call(
    programme_id: ProgrammeIdPath,
    challenge_id: ChallengeIdPath,
    body: ReplaceIn,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: ManagerDep,
) -> ReplacementOut:
    _check(programme, challenge_id, peer_id=body.peer_id)
    with sync_slot(services):
        index = _index(services, programme_id, body.run_id)
        try:
            answer = replace(index, challenge_id, body.peer_id)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
    audit.record(
        services.store,
        caller,
        "read",
        f"programmes/{programme_id}/challenges/{challenge_id}/replace",
        personal=True,
        detail={"peer_id": body.peer_id, "run_id": body.run_id},
    )
    return ReplacementOut.model_validate(
        {**vars(answer), "diagnosis": diagnosis_dict(answer.diagnosis)}
    )
