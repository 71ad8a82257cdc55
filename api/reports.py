"""Aggregate reports: what a viewer may see (DOMAIN.md: aggregate monitoring).

Counts only, never a person. Equalities counts are suppressed (null) by
matcher.disclosure: the one threshold of every report, with complementary suppression so
no hidden count can be recovered from the group's total (the peers of that kind). Every
value is listed, zeros included, so a group never has a lone cell.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from matcher.disclosure import SUPPRESS_BELOW, suppress_counts
from matcher.models import Gender, PeerKind, YesNoUnsaid
from matcher.programme import Programme

UNKNOWN = "unknown"


class PoolReport(BaseModel):
    peers: int
    by_kind: dict[str, int]
    member_peers_by_group_office: dict[str, int]
    lead_peers: int
    equalities: dict[str, dict[str, dict[str, int | None]]] = Field(
        description="kind -> field -> value -> count; small counts suppressed (null)."
    )
    challenges_by_type: dict[str, int]
    seats: int
    suppressed_below: int


VALUES = {
    "gender": [g.value for g in Gender] + [UNKNOWN],
    "ethnic_minority": [v.value for v in YesNoUnsaid] + [UNKNOWN],
    "disability": [v.value for v in YesNoUnsaid] + [UNKNOWN],
}


def _group(peers: list, field: str) -> dict[str, int]:
    """Peers per value of one equalities field, every value listed."""
    values = [getattr(p, field).value if getattr(p, field) else UNKNOWN for p in peers]
    return {v: 0 for v in VALUES[field]} | dict(Counter(values))


def pool_report(programme: Programme) -> PoolReport:
    peers = programme.peers
    equalities: dict[str, dict[str, dict[str, int | None]]] = {}
    for kind in PeerKind:
        group = [p for p in peers if p.kind is kind]
        equalities[kind.value] = {
            name: suppress_counts(_group(group, name))
            for name in ("gender", "ethnic_minority", "disability")
        }
    offices = Counter(
        p.group_office.value if p.group_office else UNKNOWN
        for p in peers
        if p.kind is PeerKind.MEMBER
    )
    return PoolReport(
        peers=len(peers),
        by_kind=dict(Counter(p.kind.value for p in peers)),
        member_peers_by_group_office=dict(sorted(offices.items())),
        lead_peers=sum(p.lead_peer for p in peers),
        equalities=equalities,
        challenges_by_type=dict(Counter(c.type.value for c in programme.challenges)),
        seats=len(programme.all_seats),
        suppressed_below=SUPPRESS_BELOW,
    )
