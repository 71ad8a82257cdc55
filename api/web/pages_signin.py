"""Signing in and out: a local account (username and password), an API key, or single
sign-on through the organisation's OpenID Connect provider (api.web.oidc)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.accounts import MIN_PASSWORD_CHARS, check_password
from api.attempts import TooManyAttempts
from api.keys import Principal, principal_for
from api.web import oidc
from api.web import session as sessions
from api.web.client import ApiError, api
from api.web.render import page, refuse
from api.web.session import Session, check_csrf, signed_in

router = APIRouter()
Csrf = Annotated[Session, Depends(check_csrf)]
SignedIn = Annotated[Session, Depends(signed_in)]
FORM_COOKIE = "pm_signin"


@router.get("/")
def home(request: Request) -> Response:
    found = sessions.current(request)
    target = "/signin" if found is None else ("/inbox" if found.is_group_office else "/year")
    return RedirectResponse(target, status_code=303)


def signin_form(request: Request, error: str | None = None, code: int = 200) -> Response:
    # Pre-session CSRF: a signed double-submit token in its own short-lived cookie.
    token = sessions.signin_token()
    answer = page(
        request,
        "signin.html",
        None,
        "Sign in",
        status_code=code,
        csrf=token,
        error=error,
        sso=oidc.configured(request),
    )
    answer.set_cookie(
        FORM_COOKIE, token, httponly=True, secure=True, samesite="strict", max_age=3600
    )
    return answer


@router.get("/signin")
def signin_page(request: Request) -> Response:
    return signin_form(request)


def signed_in_answer(request: Request, who: Principal) -> Response:
    """Start the session and go to the user's first page."""
    answer = RedirectResponse("/inbox" if who.role.value == "group_office" else "/year", 303)
    sessions.set_cookie(answer, sessions.start(request, who))
    answer.delete_cookie(FORM_COOKIE)
    return answer


@router.post("/signin")
async def signin(
    request: Request,
    csrf_token: Annotated[str, Form(max_length=200)],
    key: Annotated[str, Form(max_length=200)] = "",
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A username and password, or an API key; wrong ones count against the address."""
    if not sessions.signin_token_ok(csrf_token, request.cookies.get(FORM_COOKIE)):
        return signin_form(request, "the sign-in form expired; please try again", 403)
    services = request.app.state.services
    address = request.client.host if request.client else None
    try:
        services.failed_attempts.check(address)
    except TooManyAttempts as exc:
        return signin_form(request, f"{exc}.", 429)
    if username:
        who = check_password(services.store, username, password)
        wrong = "that username and password do not match an account"
    else:
        who = principal_for(services.store, key.strip()) if key.strip() else None
        wrong = "that API key is not known or has been revoked"
    if who is None:
        services.failed_attempts.failed(address)
        return signin_form(request, wrong, 401)
    return signed_in_answer(request, who)


@router.post("/signout")
def signout(request: Request, _session: Csrf) -> Response:
    sessions.end(request, request.cookies.get(sessions.COOKIE))
    answer = RedirectResponse("/signin", status_code=303)
    answer.delete_cookie(sessions.COOKIE)
    return answer


@router.get("/signin/sso")
async def sso_start(request: Request) -> Response:
    if not oidc.configured(request):
        return signin_form(request, "single sign-on is not set up here", 404)
    return await oidc.start(request)


@router.get("/signin/sso/callback", name="sso_callback")
async def sso_callback(request: Request) -> Response:
    who, problem = await oidc.finish(request)
    if who is None:
        return signin_form(request, problem, 401)
    # The provider's redirect is a cross-site navigation, so the SameSite=Strict session
    # cookie would not come back on a redirect; a same-site page load makes it stick.
    answer = page(request, "sso_done.html", None, "Signed in", target="/year")
    sessions.set_cookie(answer, sessions.start(request, who))
    answer.delete_cookie(oidc.PENDING_COOKIE)
    return answer


@router.get("/password")
def password_page(request: Request, session: SignedIn) -> Response:
    """A person signed in with their own account changes their password here."""
    if session.user_id is None:
        return refuse(request, session, "signed in with an API key: there is no password")
    return page(
        request,
        "password.html",
        session,
        "Change your password",
        min_chars=MIN_PASSWORD_CHARS,
    )


@router.post("/password")
async def password_submit(
    request: Request,
    session: Csrf,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
) -> Response:
    """The API's own call (POST /users/me/password); its refusal is shown in words."""
    body = {"current_password": current_password, "new_password": new_password}
    try:
        async with api(request, session) as client:
            await client.post("/users/me/password", body)
    except ApiError as exc:
        answer = page(
            request,
            "password.html",
            session,
            "Change your password",
            status_code=exc.status,
            error=str(exc),
            min_chars=MIN_PASSWORD_CHARS,
        )
        return answer
    session.notify("Your password has been changed")
    return RedirectResponse("/password", 303)
