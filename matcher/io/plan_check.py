"""Does a plan (assignments) belong to this programme? One sentence when it does not.

A plan from another programme often shares ids with this one (every generated programme
has a C0001 and a P00001) while its seats differ, so a lookup deep in a job would fail
with a KeyError. Every command that takes a plan checks it here first instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.models import Assignment
from matcher.programme import Programme


def plan_mismatch(programme: Programme, plan: Sequence[Assignment], source: str) -> str | None:
    """None when every row names a seat and a peer of `programme`, else what does not fit."""
    foreign = [
        a
        for a in plan
        if (a.challenge_id, a.seat_id) not in programme.seat_by_key
        or a.peer_id not in programme.peer_by_id
    ]
    if not foreign:
        return None
    first = foreign[0]
    return (
        f"{source} does not belong to this programme: {len(foreign)} of {len(plan)} rows name "
        f"a seat or peer it does not have (first: {first.challenge_id}/{first.seat_id} "
        f"{first.peer_id}); give the plan of this programme"
    )
