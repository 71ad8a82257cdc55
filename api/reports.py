"""Aggregate reports: what a viewer may see (DOMAIN.md: aggregate monitoring).

Counts only, never a person. Equalities counts under `min_count` (but not zero) are
suppressed (null), because a small cell, e.g. "1 disabled officer peer", can point at a
person as surely as a name.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from matcher.models import PeerKind
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


def _suppress(counts: Counter, min_count: int) -> dict[str, int | None]:
    return {k: (v if v == 0 or v >= min_count else None) for k, v in sorted(counts.items())}


def pool_report(programme: Programme, min_count: int) -> PoolReport:
    peers = programme.peers
    equalities: dict[str, dict[str, dict[str, int | None]]] = {}
    for kind in PeerKind:
        group = [p for p in peers if p.kind is kind]
        equalities[kind.value] = {
            name: _suppress(
                Counter(getattr(p, name).value if getattr(p, name) else UNKNOWN for p in group),
                min_count,
            )
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
        suppressed_below=min_count,
    )
