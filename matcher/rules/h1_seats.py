"""H1 seats: every seat gets one peer of the right kind holding a required tag, or is
reported unfilled with the reason. Its exclusion defines a seat's *population*: the peers
of the right kind, with at least one required tag and the lead flag where required."""

from __future__ import annotations

import numpy as np

from matcher.models import PeerKind
from matcher.rules.base import HardRule, RuleId, hard

ENTRY = hard(
    RuleId.H1,
    "seats",
    "Every seat gets exactly one peer of the right kind holding at least "
    "one of its required tags, or is reported unfilled with the reason.",
)


def population(ctx, challenge, seat) -> np.ndarray:
    """Peers of the seat's kind holding one of its required tags (lead peer if needed)."""
    p = ctx.peers
    mask = p.is_member == (seat.kind is PeerKind.MEMBER)
    if seat.required_tags:
        mask &= (p.tags & p.tag_mask(seat.required_tags)) != 0
    if seat.lead_required:
        mask &= p.lead
    return mask


def excluded(ctx, challenge, seat) -> np.ndarray:
    """H1: everyone outside the seat's population."""
    return ~population(ctx, challenge, seat)


RULE = HardRule(ENTRY, per_seat=excluded, waiver=None)
