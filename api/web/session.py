"""Browser sessions for the pages, stored in the database, and CSRF.

A session is a random 256-bit id in a cookie (Secure, HttpOnly, SameSite=Strict); the
database keeps only its SHA-256 with who signed in (a user account or an API key, never
the key itself), the CSRF token and the messages for the next page. So a restart, or a
second server process, keeps everyone signed in; revoking the key or disabling the user
ends their sessions at the next request. The pages call the API in-process with the
session id (SESSION_HEADER, honoured only from api.attempts.INTERNAL_CLIENT), so every
role check, privacy rule and audit entry of the API applies to people too.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import HTTPException, Request, status
from sqlalchemy import delete, select

from api.accounts import IDLE, principal_for_session
from api.accounts import session_hash as _hash
from api.deps import SESSION_HEADER  # noqa: F401  (the header the pages' API calls carry)
from api.keys import Principal
from matcher.store import Store
from matcher.store.coltypes import utcnow
from matcher.store.service_tables import BrowserSessionRow

COOKIE = "pm_session"
SEEN_EVERY = timedelta(minutes=1)
"""How often `seen_at` is refreshed (not on every request: fewer writes)."""

_SECRET = (os.environ.get("PEERMATCH_WEB_SECRET") or "").encode() or secrets.token_bytes(32)
"""Signs the stateless sign-in form token only (sessions need no signature)."""


@dataclass
class Session:
    """Who signed in and the session's CSRF token; `sid` is the raw id (this request)."""

    sid: str
    name: str
    role: str
    group_office: str | None
    csrf: str
    user_id: int | None = None
    key_id: int | None = None
    notices: list[str] = field(default_factory=list)
    db: Store | None = None

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"

    @property
    def is_group_office(self) -> bool:
        return self.role == "group_office"

    def notify(self, message: str) -> None:
        """Keep a message for the next page (never put in the address)."""
        self.notices = [*self.notices[-4:], message]
        self._save_notices()

    def take_notice(self) -> str | None:
        if not self.notices:
            return None
        first, self.notices = self.notices[0], self.notices[1:]
        self._save_notices()
        return first

    def _save_notices(self) -> None:
        if self.db is not None:
            with self.db.write() as db_session:
                row = db_session.get(BrowserSessionRow, _hash(self.sid))
                if row is not None:
                    row.notices = {"messages": self.notices}


def _db(request: Request) -> Store:
    return request.app.state.services.store


def start(request: Request, who: Principal) -> str:
    """Store a new session for `who`; returns the cookie value (the raw id)."""
    sid = secrets.token_urlsafe(32)
    now = utcnow()
    with _db(request).write() as db_session:
        db_session.execute(delete(BrowserSessionRow).where(BrowserSessionRow.seen_at < now - IDLE))
        db_session.add(
            BrowserSessionRow(
                id_hash=_hash(sid),
                user_id=who.user_id,
                key_id=who.key_id,
                csrf=secrets.token_urlsafe(32),
                created_at=now,
                seen_at=now,
                notices={"messages": []},
                pending=None,
            )
        )
    return sid


def lookup(request: Request, sid: str | None) -> Session | None:
    """The session a cookie names, if it is live; refreshes its last use."""
    if not sid or len(sid) > 100:
        return None
    db = _db(request)
    who = principal_for_session(db, sid)
    if who is None:
        return None
    with db.write() as db_session:
        row = db_session.get(BrowserSessionRow, _hash(sid))
        if row is None:
            return None
        if utcnow() - row.seen_at > SEEN_EVERY:
            row.seen_at = utcnow()
        csrf, notices = row.csrf, list((row.notices or {}).get("messages", []))
    return Session(
        sid=sid,
        name=who.name,
        role=who.role.value,
        group_office=who.group_office.value if who.group_office else None,
        csrf=csrf,
        user_id=who.user_id,
        key_id=who.key_id,
        notices=notices,
        db=db,
    )


def end(request: Request, sid: str | None) -> None:
    if sid:
        with _db(request).write() as db_session:
            db_session.execute(
                delete(BrowserSessionRow).where(BrowserSessionRow.id_hash == _hash(sid))
            )


def set_cookie(response, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        httponly=True,
        secure=True,
        samesite="strict",
        path="/",
        max_age=int(IDLE.total_seconds()),
    )


def current(request: Request) -> Session | None:
    return lookup(request, request.cookies.get(COOKIE))


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


def _sign(text: str) -> str:
    return hmac.new(_SECRET, text.encode(), hashlib.sha256).hexdigest()


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


def sessions_of(db: Store) -> int:
    """How many sessions are stored (for tests and health)."""
    with db.read() as db_session:
        return len(db_session.scalars(select(BrowserSessionRow.id_hash)).all())
