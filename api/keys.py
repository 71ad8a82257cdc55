"""API keys: random tokens handed out once, stored only as their SHA-256, each with a role.

A token carries 256 random bits, so a fast unsalted hash is enough: nobody can brute
force it, and a stolen database yields no usable key. Roles (issue 6, DOMAIN.md
"Personal data"):

- manager: everything, including equalities data per person;
- group_office: bound to one political group office; sees its own member peers (party
  included, equalities never) and approves or declines their proposals;
- viewer: aggregate reports only (programmes, run summaries, unfilled seats, reports);
- director: the Director of Improvement; aggregate reports, and approves or declines cap
  exceptions (H4) with a reason.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from sqlalchemy import func, select, update

from matcher.models import GroupOffice
from matcher.roles import Role
from matcher.store import Store
from matcher.store.coltypes import utcnow
from matcher.store.service_tables import ApiKeyRow

TOKEN_PREFIX = "pm_"
MIN_GIVEN_TOKEN_CHARS = 16
"""A token chosen by a person (the bootstrap key) must be at least this long."""
SHOWN_PREFIX_CHARS = 7
"""Listed keys show `pm_` and 4 random characters (24 of 256 bits) to tell them apart."""
GIVEN_PREFIX = TOKEN_PREFIX + "(given)"
"""What a chosen token lists as its prefix: none of its characters."""


def token_problem(token: str) -> str | None:
    """Why a chosen token is refused (too short, wrong prefix, spaces), or None."""
    if not token.startswith(TOKEN_PREFIX):
        return f"an API key must start with {TOKEN_PREFIX!r}"
    if len(token) < MIN_GIVEN_TOKEN_CHARS:
        return f"an API key must be at least {MIN_GIVEN_TOKEN_CHARS} characters long"
    if any(ch.isspace() or ord(ch) < 32 for ch in token):
        return "an API key may not contain spaces or control characters"
    return None


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id, name, role and (group offices) its group."""

    key_id: int | None
    name: str
    role: Role
    group_office: GroupOffice | None = None
    user_id: int | None = None
    """Set for a person signed in with their own account (api.accounts), not a key."""

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER

    @property
    def label(self) -> str:
        """How the caller appears in the audit log and the workflow history."""
        office = f"/{self.group_office.value}" if self.group_office else ""
        if self.user_id is None and self.key_id is None:  # the service, a peer's link
            return self.name
        who = f"user {self.user_id}" if self.user_id is not None else f"key {self.key_id}"
        return f"{self.name} ({self.role.value}{office}, {who})"


SYSTEM = Principal(key_id=None, name="system", role=Role.MANAGER)
"""The service itself (start-up bootstrap, CLI key creation)."""


class _KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="Who or what holds the key.")

    @property
    def office(self) -> GroupOffice | None:
        return getattr(self, "group_office", None)


class ManagerKeyIn(_KeyIn):
    role: Literal[Role.MANAGER]


class ViewerKeyIn(_KeyIn):
    role: Literal[Role.VIEWER]


class DirectorKeyIn(_KeyIn):
    role: Literal[Role.DIRECTOR]


class GroupOfficeKeyIn(_KeyIn):
    role: Literal[Role.GROUP_OFFICE]
    group_office: GroupOffice = Field(description="The one group office the key acts for.")


KeyIn = Annotated[
    ManagerKeyIn | GroupOfficeKeyIn | ViewerKeyIn | DirectorKeyIn, Field(discriminator="role")
]
"""A new key: its name and role; a group_office key also names its group office."""


def key_spec(name: str, role: str, group_office: GroupOffice | None = None) -> _KeyIn:
    """A KeyIn from loose values (the CLI), with pydantic's errors for bad combinations."""
    data = {"name": name, "role": role}
    if group_office is not None:
        data["group_office"] = group_office
    return TypeAdapter(KeyIn).validate_python(data)


class KeyOut(BaseModel):
    key_id: int = Field(description="Id of the key (for revoking).")
    name: str
    role: Role
    group_office: GroupOffice | None
    prefix: str = Field(description="First characters of the token, to tell keys apart.")
    created_at: str
    created_by: str | None
    revoked: bool


class NewKeyOut(KeyOut):
    token: str = Field(description="The secret token: shown once, never stored.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _out(row: ApiKeyRow) -> dict:
    return {
        "key_id": row.id,
        "name": row.name,
        "role": Role(row.role),
        "group_office": GroupOffice(row.group_office) if row.group_office else None,
        "prefix": row.prefix,
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by,
        "revoked": row.revoked_at is not None,
    }


def create_key(db: Store, spec: _KeyIn, by: Principal, token: str | None = None) -> NewKeyOut:
    """Store a new key (or the given token, for bootstrap) and return its token once.

    Every creation is audited in the same transaction, whoever asked (API, CLI, bootstrap).
    """
    from api import audit  # api.audit imports Principal from here

    if token is not None and (problem := token_problem(token)):
        raise ValueError(problem)
    prefix = GIVEN_PREFIX if token else None
    token = token or TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiKeyRow(
        name=spec.name,
        role=spec.role.value,
        token_hash=token_hash(token),
        group_office=spec.office.value if spec.office else None,
        prefix=prefix or token[:SHOWN_PREFIX_CHARS],
        created_at=utcnow(),
        created_by=by.label,
    )
    with db.write() as session:
        session.add(row)
        session.flush()
        out = _out(row)
        audit.add(
            session,
            by,
            "create",
            f"api-keys/{row.id}",
            personal=False,
            detail={"role": row.role, "name": row.name, "group_office": row.group_office},
        )
    return NewKeyOut(**out, token=token)


def principal_for_key_id(db: Store, key_id: int) -> Principal | None:
    """The holder of an unrevoked key by id (browser sessions signed in with a key)."""
    with db.read() as session:
        row = session.get(ApiKeyRow, key_id)
        if row is None or row.revoked_at is not None:
            return None
        office = GroupOffice(row.group_office) if row.group_office else None
        return Principal(key_id=row.id, name=row.name, role=Role(row.role), group_office=office)


def principal_for(db: Store, token: str) -> Principal | None:
    """The caller a token belongs to, or None for an unknown or revoked token."""
    query = select(ApiKeyRow).where(
        ApiKeyRow.token_hash == token_hash(token), ApiKeyRow.revoked_at.is_(None)
    )
    with db.read() as session:
        row = session.scalar(query)
        if row is None:
            return None
        office = GroupOffice(row.group_office) if row.group_office else None
        return Principal(key_id=row.id, name=row.name, role=Role(row.role), group_office=office)


def list_keys(db: Store) -> list[KeyOut]:
    with db.read() as session:
        return [
            KeyOut(**_out(row)) for row in session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))
        ]


def revoke_key(db: Store, key_id: int) -> bool:
    """Revoke a key; False if no such active key."""
    query = (
        update(ApiKeyRow)
        .where(ApiKeyRow.id == key_id, ApiKeyRow.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    with db.write() as session:
        return session.execute(query).rowcount == 1


def bootstrap_manager(db: Store, token: str) -> bool:
    """Make `token` a manager key unless an active manager key exists; True if it did.

    Lets a fresh deployment get its first key from an environment variable without a
    shell on the server; once a manager exists the variable has no effect.
    """
    active = select(func.count()).where(
        ApiKeyRow.role == Role.MANAGER.value, ApiKeyRow.revoked_at.is_(None)
    )
    with db.read() as session:
        if session.scalar(active):
            return False
    create_key(db, ManagerKeyIn(name="bootstrap manager", role=Role.MANAGER), SYSTEM, token=token)
    return True
