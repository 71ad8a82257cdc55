"""Who sees which peer fields (DOMAIN.md "Personal data", issue 6 "Access").

Party membership and equalities data are special category data (UK GDPR Art. 9):

- equalities fields (gender, ethnic_minority, disability) appear per person only to
  managers;
- a member peer's party appears to managers and to that peer's own group office;
- a group office sees only its own member peers at all; a viewer sees no one;
- council requests (S6) are for managers: a group office does not learn from a seat's
  reasons that a council asked for its peer.

Every projection goes through `peer_view`, so no route can forget a rule.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from api.keys import Principal, Role
from matcher.models import Assignment, Gender, GroupOffice, Party, Peer, PeerKind, YesNoUnsaid

EQUALITIES_FIELDS = ("gender", "ethnic_minority", "disability")


class PeerOut(BaseModel):
    """A peer as the caller may see them; withheld fields are null and listed."""

    peer_id: str
    name: str
    kind: PeerKind
    party: Party | None = Field(description="Managers and the peer's own group office only.")
    group_office: GroupOffice | None
    home_council: str
    tags: list[str]
    council_types: list[str]
    lead_peer: bool
    trained_on: date | None
    conference_on: date | None
    serving_until: date | None
    profile_updated_on: date | None
    gender: Gender | None = Field(description="Managers only (special category data).")
    ethnic_minority: YesNoUnsaid | None = Field(description="Managers only.")
    disability: YesNoUnsaid | None = Field(description="Managers only.")
    days_used: int
    cap_days: int | None
    training_waived: bool
    withheld: list[str] = Field(description="Fields withheld from this caller.")


def can_see_peer(who: Principal, peer: Peer) -> bool:
    """Managers see everyone; a group office its own member peers; a viewer no one."""
    if who.role is Role.MANAGER:
        return True
    if who.role is Role.GROUP_OFFICE:
        return peer.kind is PeerKind.MEMBER and peer.group_office is who.group_office
    return False


def withheld_fields(who: Principal, peer: Peer) -> tuple[str, ...]:
    if who.role is Role.MANAGER:
        return ()
    party_visible = who.role is Role.GROUP_OFFICE and peer.group_office is who.group_office
    return EQUALITIES_FIELDS + (() if party_visible else ("party",))


def peer_view(who: Principal, peer: Peer) -> PeerOut:
    """The peer with every field the caller may not see set to null (and listed)."""
    data = peer.model_dump()
    hidden = withheld_fields(who, peer)
    for name in hidden:
        data[name] = None
    data["tags"] = sorted(peer.tags)
    data["council_types"] = sorted(t.value for t in peer.council_types)
    return PeerOut(**data, group_office=peer.group_office, withheld=list(hidden))


MANAGER_ONLY_REASONS = ("S6",)
"""Reason parts (matcher.encoding.decode) that only managers may read."""


def assignment_view(who: Principal, row: Assignment) -> Assignment:
    """The assignment with reason parts the caller may not read taken out."""
    if who.role is Role.MANAGER:
        return row
    parts = [p for p in row.reasons.split(";") if not p.startswith(MANAGER_ONLY_REASONS)]
    return row.model_copy(update={"reasons": ";".join(parts)})
