"""Tables for people's sign-in: named user accounts and browser sessions.

Kept apart from api/db/tables.py (keys, audit, workflow) so the two can move onto the
store's base separately. Sessions live in the database, so a restart (or a second
server process) keeps everyone signed in; only the SHA-256 of a session id is stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from api.db.tables import ApiBase


class UserRow(ApiBase):
    """A person who signs in: a local password (argon2 hash) and/or a single sign-on
    subject; the role decides what they see, as for API keys."""

    __tablename__ = "api_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str]
    group_office: Mapped[str | None]
    password_hash: Mapped[str | None]
    sso_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str | None]
    disabled_at: Mapped[datetime | None]


class BrowserSessionRow(ApiBase):
    """A signed-in browser (a user or an API key), or a single sign-on on its way
    (`pending` holds its state, nonce and PKCE verifier until the provider answers)."""

    __tablename__ = "api_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None]
    key_id: Mapped[int | None]
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    seen_at: Mapped[datetime]
    notices: Mapped[dict[str, Any]]
    pending: Mapped[dict[str, Any] | None]


ACCOUNT_TABLES = (UserRow.__table__, BrowserSessionRow.__table__)
