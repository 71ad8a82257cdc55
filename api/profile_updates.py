"""A peer's own page (issue 13): signed, expiring links, and what the peer answers there.

The LGA's review: peers are prompted to update their profiles online. A manager sends
each peer with a stale profile a link signed with the service's secret (itsdangerous,
timestamped, valid `peer_link_days`); it opens the peer's own page with no key. The
peer confirms the profile is right (this counts as a profile update for freshness at
once) or sends corrections; either answer becomes a programme version at once, with
the peer as author (api.peer_corrections). The link names a programme and a peer and nothing else.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from api.keys import Principal, Role
from api.settings import ServiceSettings
from matcher.freshness import stale_peers
from matcher.models import CouncilType, Gender, Peer, YesNoUnsaid
from matcher.programme import Programme
from matcher.store import Store
from matcher.store.peer_year import ProfileUpdateRow

SALT = "peermatch-peer-page"
_PROCESS_SECRET = secrets.token_urlsafe(32)
"""Used when no peer_link_secret is set: links then end with the process."""


class LinkError(ValueError):
    """The link is not one of ours, or it has expired: the message says which."""


@dataclass(frozen=True)
class PeerLink:
    programme_id: int
    peer_id: str


def _serializer(settings: ServiceSettings) -> URLSafeTimedSerializer:
    secret = settings.peer_link_secret
    return URLSafeTimedSerializer(secret.get_secret_value() if secret else _PROCESS_SECRET, SALT)


def sign(settings: ServiceSettings, programme_id: int, peer_id: str) -> str:
    return _serializer(settings).dumps({"p": programme_id, "peer": peer_id})


def verify(settings: ServiceSettings, token: str) -> PeerLink:
    max_age = settings.peer_link_days * 86_400
    try:
        data = _serializer(settings).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError(
            f"this link has expired (links last {settings.peer_link_days} days): "
            "ask the peer challenge team for a new one"
        ) from None
    except BadSignature:
        raise LinkError("this link is not valid: check it was copied whole") from None
    return PeerLink(int(data["p"]), str(data["peer"]))


def as_principal(link: PeerLink) -> Principal:
    """How the peer appears in the audit log (no key: the signed link)."""
    return Principal(key_id=None, name=f"peer {link.peer_id} (signed link)", role=Role.VIEWER)


class CorrectionsIn(BaseModel):
    """What a peer may correct on their own page (each field optional)."""

    tags: list[str] | None = Field(default=None, max_length=40)
    council_types: list[CouncilType] | None = None
    gender: Gender | None = None
    ethnic_minority: YesNoUnsaid | None = None
    disability: YesNoUnsaid | None = None
    unavailable: str = Field(
        default="", max_length=2000, description="Dates the peer cannot serve, in words."
    )
    note: str = Field(default="", max_length=2000)


class ProfileUpdateOut(BaseModel):
    update_id: int
    peer_id: str
    at: datetime
    confirmed: bool
    changes: dict
    applied_at: datetime | None
    version: int | None = None
    conflicts: int = Field(default=0, description="Conflict items it raised (the inbox).")


def record(db: Store, link: PeerLink, confirmed: bool, changes: dict, now: datetime) -> int:
    with db.write() as session:
        row = ProfileUpdateRow(
            programme_id=link.programme_id,
            peer_id=link.peer_id,
            at=now,
            confirmed=confirmed,
            changes=changes,
            applied_at=None,
        )
        session.add(row)
        session.flush()
        return row.id


def list_updates(db: Store, programme_id: int) -> list[ProfileUpdateOut]:
    query = select(ProfileUpdateRow).where(ProfileUpdateRow.programme_id == programme_id)
    with db.read() as session:
        return [
            ProfileUpdateOut(
                update_id=r.id,
                peer_id=r.peer_id,
                at=r.at,
                confirmed=r.confirmed,
                changes=r.changes,
                applied_at=r.applied_at,
                version=r.version,
                conflicts=len((r.conflicts or {}).get("items", [])),
            )
            for r in session.scalars(query.order_by(ProfileUpdateRow.id.desc()))
        ]


def confirmed_on(db: Store, programme_id: int) -> dict[str, date]:
    """Each peer's latest confirmation on their own page."""
    query = (
        select(ProfileUpdateRow.peer_id, func.max(ProfileUpdateRow.at))
        .where(ProfileUpdateRow.programme_id == programme_id, ProfileUpdateRow.confirmed)
        .group_by(ProfileUpdateRow.peer_id)
    )
    with db.read() as session:
        return {peer_id: at.date() for peer_id, at in session.execute(query)}


def with_confirmations(db: Store, programme: Programme, programme_id: int) -> list[Peer]:
    """The peers with a later confirmation taken as their profile's last update."""
    confirmed = confirmed_on(db, programme_id)
    out = []
    for peer in programme.peers:
        when = confirmed.get(peer.peer_id)
        if when and (peer.profile_updated_on is None or when > peer.profile_updated_on):
            peer = peer.model_copy(update={"profile_updated_on": when})
        out.append(peer)
    return out


def stale_now(db: Store, programme: Programme, programme_id: int, today: date) -> list[Peer]:
    """Peers stale on `today`, counting confirmations on their own page as updates."""
    return stale_peers(with_confirmations(db, programme, programme_id), today)
