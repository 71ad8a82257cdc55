"""Cap exceptions over HTTP (H4): a manager asks, the director decides.

`POST /cap-exceptions` records a request (member peers) or an employer's release
(officer peers, in force at once); `POST /cap-exceptions/{id}/approve|decline` is the
Director of Improvement's decision with a reason. An approved exception is the peer's cap
in every later batch, shortlist, what-if and workflow check of the programme.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, status

from api import cap_exceptions
from api.cap_exceptions import CapExceptionIn, CapExceptionOut, DecisionIn, ExceptionState
from api.deps import CapReaderDep, DirectorDep, ManagerDep, NowDep, ServicesDep
from api.outbox import outbox_row
from api.schemas import ErrorOut
from matcher.messages import send
from matcher.messages.compose import cap_exception_request

router = APIRouter(
    tags=["cap exceptions"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)


@router.post(
    "/cap-exceptions",
    response_model=CapExceptionOut,
    status_code=status.HTTP_201_CREATED,
    summary="Ask for a peer's cap exception (members: the director decides)",
)
def request(
    body: CapExceptionIn, services: ServicesDep, caller: ManagerDep, now: NowDep
) -> CapExceptionOut:
    programme = services.programmes.get(body.programme_id)
    peer = programme.peer_by_id.get(body.peer_id)
    if peer is None:
        raise HTTPException(422, f"no peer {body.peer_id} in programme {body.programme_id}")
    made = cap_exceptions.request(services.store, body, peer, caller, now)
    services.programmes.forget(body.programme_id)
    if made.state is ExceptionState.REQUESTED:
        _tell_the_director(services, made, peer, caller, now)
    return made


def _tell_the_director(services, made: CapExceptionOut, peer, caller, now) -> None:
    """A member's request goes to the Director of Improvement at once (issue 13), recorded
    in the outbox like every message; no party or equalities data in it."""
    mail = services.settings.mail
    letter = cap_exception_request(
        peer.name, peer.peer_id, made.days, made.reason, caller.label, made.exception_id
    )
    to = [mail.director] if mail.director else []
    outcome = send(mail, to, letter.subject, letter.body)
    with services.store.write() as session:
        session.add(
            outbox_row(
                made.programme_id,
                letter,
                to,
                outcome,
                now,
                group_office=None,
                peer_id=None,
                placements=[],
            )
        )


@router.post(
    "/cap-exceptions/{exception_id}/{decision}",
    response_model=CapExceptionOut,
    responses={409: {"model": ErrorOut}},
    summary="Approve or decline a cap exception, with the reason (director)",
)
def decide(
    exception_id: Annotated[int, Path(ge=1, le=2**62)],
    decision: Literal["approve", "decline"],
    body: DecisionIn,
    services: ServicesDep,
    caller: DirectorDep,
    now: NowDep,
) -> CapExceptionOut:
    decided = cap_exceptions.decide(
        services.store, exception_id, decision == "approve", body.reason, caller, now
    )
    if decided is None:
        raise HTTPException(404, f"no cap exception {exception_id}")
    services.programmes.forget(decided.programme_id)
    return decided


@router.get(
    "/cap-exceptions",
    response_model=list[CapExceptionOut],
    summary="Cap exceptions with who asked, who decided, when and why",
)
def exceptions(
    services: ServicesDep,
    _caller: CapReaderDep,
    programme_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> list[CapExceptionOut]:
    return cap_exceptions.list_exceptions(services.store, programme_id)
