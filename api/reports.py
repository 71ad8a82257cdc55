"""Aggregate reports: what a viewer may see (DOMAIN.md: aggregate monitoring).

Counts only, never a person. Equalities counts are suppressed (null) by
matcher.disclosure: the one threshold of every report, with complementary suppression so
no hidden count can be recovered from the published totals: each field is one table of
kinds by values, whose row totals (peers of each kind) and column totals (the annual
report's pool by characteristic) are both public. Every value is listed, zeros included.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from matcher.disclosure import SUPPRESS_BELOW, hidden_table
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
    kinds = list(PeerKind)
    equalities: dict[str, dict[str, dict[str, int | None]]] = {k.value: {} for k in kinds}
    for name in ("gender", "ethnic_minority", "disability"):
        # Kind x value is a table with both totals published: the kinds' in by_kind, the
        # values' over all peers in the annual usage report (pool_peers by characteristic);
        # so it is suppressed as a table, not row by row (matcher.disclosure.hidden_table).
        counts = [_group([p for p in peers if p.kind is kind], name) for kind in kinds]
        hidden = hidden_table([[row[v] for v in VALUES[name]] for row in counts])
        for kind, row, flags in zip(kinds, counts, hidden, strict=True):
            equalities[kind.value][name] = {
                v: None if flag else row[v] for v, flag in zip(VALUES[name], flags, strict=True)
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
