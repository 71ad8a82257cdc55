"""People's accounts through the API: a manager creates one (as `peermatch user create`
does), and a person signed in with their own account changes their password.

Passwords are hashed with argon2 in api.accounts, never returned and never audited. A
wrong current password counts as a failed attempt against the account itself
(api.attempts, keyed "user <id>"): the call comes through the pages, whose in-process
address is not counted, and a left-open browser must not let anyone guess the password.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from api import accounts, audit
from api.deps import CallerDep, ManagerDep, ServicesDep, calling_session
from api.schemas import ErrorOut
from matcher.models import GroupOffice
from matcher.roles import Role

router = APIRouter(
    tags=["access"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=100, description="Sign-in name (e.g. email).")
    role: Role
    display_name: str | None = Field(default=None, max_length=200, description="Shown name.")
    group_office: GroupOffice | None = Field(
        default=None, description="For group_office accounts: the one group office."
    )
    password: str | None = Field(
        default=None,
        max_length=200,
        description=f"At least {accounts.MIN_PASSWORD_CHARS} characters; leave out for "
        "single sign-on only (then give sso_subject).",
    )
    sso_subject: str | None = Field(
        default=None, max_length=200, description="The identity provider's subject (`sub`)."
    )


class UserOut(BaseModel):
    user_id: int
    username: str
    role: Role
    group_office: GroupOffice | None


class PasswordChangeIn(BaseModel):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


@router.post(
    "/users",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create a person's account (managers only; audited)",
)
def create_user(spec: UserIn, services: ServicesDep, caller: ManagerDep) -> UserOut:
    try:
        user_id = accounts.create_user(  # audited inside, like the CLI
            services.store,
            spec.username,
            spec.role,
            caller,
            display_name=spec.display_name,
            group_office=spec.group_office,
            password=spec.password,
            sso_subject=spec.sso_subject,
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    return UserOut(
        user_id=user_id,
        username=spec.username.strip(),
        role=spec.role,
        group_office=spec.group_office,
    )


@router.post(
    "/users/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change the signed-in person's password (their current one first; audited)",
    responses={429: {"model": ErrorOut}},
)
def change_password(
    body: PasswordChangeIn, services: ServicesDep, caller: CallerDep, request: Request
) -> None:
    """The person's other browser sessions end; the one the change came from stays."""
    if caller.user_id is None:
        raise HTTPException(403, "only a person signed in with their own account has a password")
    account = f"user {caller.user_id}"
    services.failed_attempts.check(account)
    try:
        changed = accounts.change_password(
            services.store,
            caller,
            body.current_password,
            body.new_password,
            keep_session=calling_session(request),
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    if not changed:
        services.failed_attempts.failed(account)
        audit.record(
            services.store,
            caller,
            "change-password-refused",
            f"users/{caller.user_id}",
            personal=False,
        )
        raise HTTPException(403, "the current password is not right; nothing changed")
