"""Typed dependency aliases: what a route needs, declared in its signature.

Authentication is an `X-API-Key` header (shown as a security scheme in /docs); every
route that touches data declares the roles it admits, so a missing check is visible in
the signature rather than buried in the body.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request, Security, status
from fastapi.security import APIKeyHeader

from api.accounts import principal_for_session
from api.attempts import INTERNAL_CLIENT
from api.keys import Principal, Role, principal_for
from api.state import Services
from matcher.programme import Programme
from matcher.store import NotFoundError

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="An API key from `peermatch api-key create` or POST /api-keys.",
)


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def calling_session(request: Request) -> str | None:
    """The browser session a page's in-process call names; None for any other caller
    (the header is honoured only from the pages' internal client address)."""
    internal = request.client is not None and request.client.host == INTERNAL_CLIENT
    return request.headers.get(SESSION_HEADER) if internal else None


def get_caller(
    request: Request,
    services: ServicesDep,
    token: Annotated[str | None, Security(api_key_header)] = None,
) -> Principal:
    """The key's holder; 401 without a valid, unrevoked key; 429 after too many wrong
    keys from one address (api.attempts). The pages' in-process calls carry the browser
    session instead (api.web.session), which only that internal client can send."""
    if sid := calling_session(request):
        caller = principal_for_session(services.store, sid)
        if caller is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "the session has ended")
        return caller
    if not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing X-API-Key header",
            headers={"WWW-Authenticate": "X-API-Key"},
        )
    address = request.client.host if request.client else None
    services.failed_attempts.check(address)
    caller = principal_for(services.store, token)
    if caller is None:
        services.failed_attempts.failed(address)
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "unknown or revoked API key",
            headers={"WWW-Authenticate": "X-API-Key"},
        )
    return caller


SESSION_HEADER = "X-Peermatch-Session"
"""The pages' in-process calls name the browser session here (api.web.session)."""

CallerDep = Annotated[Principal, Depends(get_caller)]


def require(*roles: Role):
    """A dependency admitting only `roles` (403 for any other valid key)."""
    allowed = frozenset(roles)

    def check(caller: CallerDep) -> Principal:
        if caller.role not in allowed:
            names = " or ".join(sorted(r.value for r in allowed))
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this needs the role {names}; your key is {caller.role.value}",
            )
        return caller

    return check


ManagerDep = Annotated[Principal, Depends(require(Role.MANAGER))]
StaffDep = Annotated[Principal, Depends(require(Role.MANAGER, Role.GROUP_OFFICE))]
DirectorDep = Annotated[Principal, Depends(require(Role.DIRECTOR))]
CapReaderDep = Annotated[Principal, Depends(require(Role.MANAGER, Role.DIRECTOR))]
"""Roles that see people: managers, and group offices (their own member peers)."""

ProgrammeIdPath = Annotated[int, Path(ge=1, le=2**62, description="Store id of the programme.")]


def get_programme(
    programme_id: ProgrammeIdPath, services: ServicesDep, _caller: CallerDep
) -> Programme:
    try:
        return services.programmes.get(programme_id)
    except NotFoundError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None


ProgrammeDep = Annotated[Programme, Depends(get_programme)]


class PageParams:
    """offset/limit paging shared by every list."""

    def __init__(
        self,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ):
        self.offset, self.limit = offset, limit

    def cut(self, items: list) -> list:
        return items[self.offset : self.offset + self.limit]


PageDep = Annotated[PageParams, Depends()]


def get_now(services: ServicesDep) -> datetime:
    """The current time (UTC); tests override this dependency to age proposals."""
    return services.clock()


NowDep = Annotated[datetime, Depends(get_now)]
