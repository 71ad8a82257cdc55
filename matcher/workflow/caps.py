"""Approved cap exceptions (H4) as the programme every job reads.

A member peer beyond the 40-day cap needs the Director of Improvement's approval; an
officer's exception records the employer's release. Once approved, the exception's days
become the peer's `cap_days`, so the batch, the shortlist, the what-if and the validator
all read it the same way, with no code of their own.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from matcher.programme import Programme


class ExceptionState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"


def with_cap_exceptions(programme: Programme, approved: dict[str, int]) -> Programme:
    """`programme` with each approved exception (peer id -> days a year) as the peer's
    cap; a later approval for the same peer replaces an earlier one."""
    if not approved:
        return programme
    peers = tuple(
        p.model_copy(update={"cap_days": approved[p.peer_id]}) if p.peer_id in approved else p
        for p in programme.peers
    )
    return dataclasses.replace(programme, peers=peers)
