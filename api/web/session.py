"""Browser sessions for the pages: a signed cookie naming a server-side session, and CSRF.

The API key typed at sign-in never reaches the browser again: it is kept in memory on the
server beside a random session id, and the cookie holds only that id, signed with HMAC
(SHA-256) so a forged or altered cookie is refused before any lookup. The cookie is
Secure, HttpOnly and SameSite=Strict. Every form that changes data carries the session's
CSRF token (a hidden field, or the X-CSRF-Token header for the page's own fetch calls),
compared in constant time. Sessions live in this process: a restart signs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass, field

from fastapi import HTTPException, Request, status

COOKIE = "pm_session"
IDLE_S = 8 * 3600
"""A session unused for 8 hours (a working day) is forgotten."""

_SECRET = (os.environ.get("PEERMATCH_WEB_SECRET") or "").encode() or secrets.token_bytes(32)


@dataclass
class Session:
    """Who signed in (from GET /me) and the key their pages act with."""

    token: str
    name: str
    role: str
    group_office: str | None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    seen: float = field(default_factory=time.monotonic)
    notices: list[str] = field(default_factory=list)
    """Messages for the next page shown (kept here, never taken from the address)."""

    def notify(self, message: str) -> None:
        self.notices = [*self.notices[-4:], message]

    def take_notice(self) -> str | None:
        """The oldest waiting message, removed."""
        return self.notices.pop(0) if self.notices else None

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"

    @property
    def is_group_office(self) -> bool:
        return self.role == "group_office"


_sessions: dict[str, Session] = {}
_lock = threading.Lock()


def _sign(sid: str) -> str:
    return hmac.new(_SECRET, sid.encode(), hashlib.sha256).hexdigest()


def start(session: Session) -> str:
    """Store a session; returns the cookie value (id and signature)."""
    sid = secrets.token_urlsafe(32)
    with _lock:
        now = time.monotonic()
        for old in [k for k, s in _sessions.items() if now - s.seen > IDLE_S]:
            del _sessions[old]
        _sessions[sid] = session
    return f"{sid}.{_sign(sid)}"


def lookup(cookie: str | None) -> Session | None:
    """The session a cookie names, if its signature holds and it has not expired."""
    if not cookie or "." not in cookie:
        return None
    sid, signature = cookie.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(sid)):
        return None
    with _lock:
        found = _sessions.get(sid)
        if found is None or time.monotonic() - found.seen > IDLE_S:
            _sessions.pop(sid, None)
            return None
        found.seen = time.monotonic()
        return found


def end(cookie: str | None) -> None:
    if cookie and "." in cookie:
        with _lock:
            _sessions.pop(cookie.rsplit(".", 1)[0], None)


def set_cookie(response, value: str) -> None:
    response.set_cookie(
        COOKIE, value, httponly=True, secure=True, samesite="strict", path="/", max_age=IDLE_S
    )


def current(request: Request) -> Session | None:
    return lookup(request.cookies.get(COOKIE))


def signed_in(request: Request) -> Session:
    """Dependency: the session, or a redirect to the sign-in page."""
    found = current(request)
    if found is None:
        raise HTTPException(
            status.HTTP_303_SEE_OTHER, "sign in first", headers={"Location": "/signin"}
        )
    return found


async def check_csrf(request: Request) -> Session:
    """Dependency for every data-changing page route: a session and its CSRF token."""
    found = signed_in(request)
    sent = request.headers.get("X-CSRF-Token")
    if sent is None:
        form = await request.form()
        sent = form.get("csrf_token")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, found.csrf):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "this form has expired or did not come from peermatch; reload the page and try again",
        )
    return found


def signin_token() -> str:
    """A CSRF token for the sign-in form (before any session): random, signed, stateless;
    sent both as a hidden field and in a short-lived cookie (double submit)."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_sign('signin:' + nonce)}"


def signin_token_ok(sent: str, cookie: str | None) -> bool:
    if not cookie or "." not in sent or not hmac.compare_digest(sent, cookie):
        return False
    nonce, signature = sent.rsplit(".", 1)
    return hmac.compare_digest(signature, _sign("signin:" + nonce))
