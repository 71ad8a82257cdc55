"""People's accounts: a username, a role (as for keys), a local password and/or a single
sign-on subject.

Passwords are hashed with argon2id (argon2-cffi's defaults, rehashed when they change);
an unknown username still costs one verification, so timing does not tell which names
exist. Single sign-on (api.web.oidc) finds the account by its provider subject, or on
first use by a username equal to the provider's `preferred_username` / `email`, and then
binds that subject to it. Every account creation is audited.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from api import audit
from api.keys import Principal, Role, principal_for_key_id
from matcher.models import GroupOffice
from matcher.store import Store
from matcher.store.coltypes import utcnow
from matcher.store.service_tables import BrowserSessionRow, UserRow

MIN_PASSWORD_CHARS = 12
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("peermatch: no such user")


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_CHARS:
        return f"a password needs at least {MIN_PASSWORD_CHARS} characters"
    if "\x00" in password:
        return "a password may not contain NUL"
    return None


def create_user(
    db: Store,
    username: str,
    role: Role,
    by: Principal,
    *,
    display_name: str | None = None,
    group_office: GroupOffice | None = None,
    password: str | None = None,
    sso_subject: str | None = None,
) -> int:
    """Store an account; ValueError for a bad combination (as for keys)."""
    username = username.strip()
    if not username or len(username) > 100 or any(ord(c) < 32 for c in username):
        raise ValueError("a username is 1-100 printable characters")
    if (role is Role.GROUP_OFFICE) != (group_office is not None):
        raise ValueError("a group_office account names one group office; others none")
    if password is not None and (problem := password_problem(password)):
        raise ValueError(problem)
    if password is None and sso_subject is None:
        raise ValueError("an account needs a password or a single sign-on subject")
    row = UserRow(
        username=username,
        display_name=(display_name or username)[:200],
        role=role.value,
        group_office=group_office.value if group_office else None,
        password_hash=_hasher.hash(password) if password is not None else None,
        sso_subject=sso_subject,
        created_at=utcnow(),
        created_by=by.label,
    )
    with db.write() as session:
        taken = select(func.count()).where(func.lower(UserRow.username) == username.lower())
        if session.scalar(taken):
            raise ValueError(f"the username {username!r} is taken")
        session.add(row)
        session.flush()
        audit.add(
            session,
            by,
            "create",
            f"users/{row.id}",
            personal=False,
            detail={"role": role.value, "username": username},
        )
        return row.id


def principal(row: UserRow) -> Principal:
    office = GroupOffice(row.group_office) if row.group_office else None
    return Principal(
        key_id=None,
        name=row.display_name,
        role=Role(row.role),
        group_office=office,
        user_id=row.id,
    )


def principal_for_user_id(db: Store, user_id: int) -> Principal | None:
    with db.read() as session:
        row = session.get(UserRow, user_id)
        return None if row is None or row.disabled_at is not None else principal(row)


def _proven(row: UserRow | None, password: str) -> str | None:
    """The account's stored hash when `password` matches it, else None. A missing or
    disabled account, or one without a password, still costs one verification, so the
    time taken does not tell them apart."""
    stored = row.password_hash if row is not None and row.disabled_at is None else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return stored


def check_password(db: Store, username: str, password: str) -> Principal | None:
    """The account if the password is right (rehashing an outdated hash), else None."""
    query = select(UserRow).where(func.lower(UserRow.username) == username.strip().lower())
    with db.write() as session:
        row = session.scalar(query)
        stored = _proven(row, password)
        if stored is None:
            return None
        if _hasher.check_needs_rehash(stored):
            row.password_hash = _hasher.hash(password)
        return principal(row)


def change_password(
    db: Store, who: Principal, current: str, new: str, keep_session: str | None = None
) -> bool:
    """Set a new password for the signed-in account `who` once its current password is
    proven; False when it is wrong (nothing changes). ValueError for a new password
    that breaks the rules (password_problem). Audited, never with either password.

    Every other browser session of the account ends with the change (all but
    `keep_session`, the one the change was made from): a password is changed because it
    may be known to someone else, who must not stay signed in with the old one."""
    if (problem := password_problem(new)) is not None:
        raise ValueError(problem)
    if who.user_id is None:
        raise ValueError("only a person's account has a password; an API key has none")
    with db.write() as session:
        row = session.get(UserRow, who.user_id)
        if _proven(row, current) is None:
            return False
        row.password_hash = _hasher.hash(new)
        others = delete(BrowserSessionRow).where(BrowserSessionRow.user_id == row.id)
        if keep_session is not None:
            others = others.where(BrowserSessionRow.id_hash != session_hash(keep_session))
        ended = session.execute(others).rowcount
        audit.add(
            session,
            who,
            "change-password",
            f"users/{row.id}",
            personal=False,
            detail={"other_sessions_ended": ended},
        )
        return True


def user_for_sso(db: Store, subject: str, usernames: list[str]) -> Principal | None:
    """The account bound to `subject`, else one named like the provider's username or
    email (then bound to `subject`); None when nobody matches."""
    with db.write() as session:
        row = session.scalar(select(UserRow).where(UserRow.sso_subject == subject))
        if row is None:
            wanted = [u.lower() for u in usernames if u]
            query = select(UserRow).where(
                func.lower(UserRow.username).in_(wanted), UserRow.sso_subject.is_(None)
            )
            row = session.scalar(query) if wanted else None
            if row is not None:
                row.sso_subject = subject
        if row is None or row.disabled_at is not None:
            return None
        return principal(row)


IDLE = timedelta(hours=8)
"""A browser session unused for 8 hours (a working day) is forgotten."""


def session_hash(sid: str) -> str:
    """What the database keeps of a browser session id."""
    return hashlib.sha256(sid.encode()).hexdigest()


def principal_for_session(db: Store, sid: str) -> Principal | None:
    """Who a live browser session acts for (its key unrevoked, its user enabled)."""
    with db.read() as session:
        row = session.get(BrowserSessionRow, session_hash(sid))
        if row is None or row.pending is not None or utcnow() - row.seen_at > IDLE:
            return None
        user_id, key_id = row.user_id, row.key_id
    if user_id is not None:
        return principal_for_user_id(db, user_id)
    return principal_for_key_id(db, key_id) if key_id is not None else None
