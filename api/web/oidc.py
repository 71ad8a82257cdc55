"""Single sign-on with OpenID Connect (e.g. the LGA's Microsoft 365 / Entra ID), with
Authlib (joserfc for the ID token): the authorisation code flow with PKCE, state, nonce.

The provider is found by discovery (`<issuer>/.well-known/openid-configuration`). The
flow's state, nonce and PKCE verifier wait in a pending browser-session row (so a
restart between the redirect and the answer loses nothing), named by a SameSite=Lax
cookie (the provider's redirect back is a cross-site navigation). The ID token's
signature (provider's JWKS), issuer, audience, nonce and expiry are checked; the person
is then matched to a peermatch account (api.accounts.user_for_sso): single sign-on
proves who someone is, the account says what they may do.
"""

from __future__ import annotations

import secrets
import time
import warnings
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.deprecate import AuthlibDeprecationWarning

with warnings.catch_warnings():  # Authlib 1.9 announces a move to httpx2; httpx is ours
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from api.accounts import session_hash, user_for_sso
from api.keys import Principal
from matcher.store.coltypes import utcnow
from matcher.store.service_tables import BrowserSessionRow

PENDING_COOKIE = "pm_sso"
PENDING_S = 600
"""A sign-in must come back from the provider within 10 minutes."""
SCOPE = "openid profile email"
_DISCOVERY: dict[str, tuple[float, dict[str, Any]]] = {}


def configured(request: Request) -> bool:
    settings = request.app.state.services.settings
    return bool(settings.oidc_issuer and settings.oidc_client_id)


async def _metadata(issuer: str) -> dict[str, Any]:
    """The provider's discovery document (cached for an hour)."""
    cached = _DISCOVERY.get(issuer)
    if cached is None or time.monotonic() - cached[0] > 3600:
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.get(url)
            answer.raise_for_status()
        cached = (time.monotonic(), answer.json())
        _DISCOVERY[issuer] = cached
    return cached[1]


def _client(request: Request) -> AsyncOAuth2Client:
    settings = request.app.state.services.settings
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else None
    return AsyncOAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=secret,
        scope=SCOPE,
        redirect_uri=str(request.url_for("sso_callback")),
        code_challenge_method="S256",
        timeout=10,
    )


async def start(request: Request) -> Response:
    """Send the browser to the provider, keeping state, nonce and verifier server-side."""
    meta = await _metadata(request.app.state.services.settings.oidc_issuer)
    verifier, nonce = generate_token(48), generate_token(24)
    async with _client(request) as client:
        url, state = client.create_authorization_url(
            meta["authorization_endpoint"], nonce=nonce, code_verifier=verifier
        )
    pending_id = secrets.token_urlsafe(32)
    now = utcnow()
    with request.app.state.services.store.write() as session:
        session.add(
            BrowserSessionRow(
                id_hash=session_hash(pending_id),
                user_id=None,
                key_id=None,
                csrf=secrets.token_urlsafe(32),
                created_at=now,
                seen_at=now,
                notices={"messages": []},
                pending={"state": state, "nonce": nonce, "verifier": verifier},
            )
        )
    answer = RedirectResponse(url, status_code=303)
    answer.set_cookie(
        PENDING_COOKIE,
        pending_id,
        httponly=True,
        secure=True,
        samesite="lax",
        max_age=PENDING_S,
        path="/signin/sso",
    )
    return answer


def _take_pending(request: Request) -> dict[str, Any] | None:
    """The pending sign-in this browser started (used once, then deleted)."""
    pending_id = request.cookies.get(PENDING_COOKIE)
    if not pending_id:
        return None
    with request.app.state.services.store.write() as session:
        row = session.get(BrowserSessionRow, session_hash(pending_id))
        if row is None or row.pending is None:
            return None
        pending, age = row.pending, (utcnow() - row.created_at).total_seconds()
        session.delete(row)
    return pending if age <= PENDING_S else None


async def finish(request: Request) -> tuple[Principal | None, str]:
    """The signed-in account, or None and a sentence saying why not."""
    pending = _take_pending(request)
    params = request.query_params
    if pending is None or not secrets.compare_digest(params.get("state", ""), pending["state"]):
        return None, "that sign-in was not started here or has expired; please try again"
    if "error" in params or "code" not in params:
        return None, f"the sign-in provider refused: {params.get('error', 'no code')}"
    settings = request.app.state.services.settings
    meta = await _metadata(settings.oidc_issuer)
    try:
        async with _client(request) as client:
            token = await client.fetch_token(
                meta["token_endpoint"], code=params["code"], code_verifier=pending["verifier"]
            )
            keys = KeySet.import_key_set((await client.get(meta["jwks_uri"])).json())
        claims = jwt.decode(token["id_token"], keys).claims
        jwt.JWTClaimsRegistry(
            leeway=60,
            iss={"essential": True, "value": meta["issuer"]},
            aud={"essential": True, "value": settings.oidc_client_id},
            nonce={"essential": True, "value": pending["nonce"]},
            exp={"essential": True},
        ).validate(claims)
    except (JoseError, KeyError, httpx.HTTPError, ValueError) as exc:
        return None, f"the sign-in could not be verified ({type(exc).__name__})"
    names = [claims.get("preferred_username"), claims.get("email")]
    who = user_for_sso(request.app.state.services.store, str(claims["sub"]), names)
    if who is None:
        return None, "you signed in, but no peermatch account is set up for you: ask a manager"
    return who, ""
