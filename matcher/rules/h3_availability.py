"""H3 availability: a peer is not unavailable on any onsite day or the evening before, and
a peer's busy periods never overlap (the overlap part is the encoder's cliques, since it
depends on the rest of the plan)."""

from __future__ import annotations

import numpy as np

from matcher.rules.base import HardRule, RuleId, hard

ENTRY = hard(
    RuleId.H3,
    "availability",
    "A peer is not unavailable on any onsite day or the evening "
    "before, and a peer's onsite periods (evening before included) never overlap.",
)
PLAN_WORDS = "busy on another challenge that week"


def _ranges(ctx) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    def make():
        un = ctx.programme.unavailability
        return (
            np.array([ctx.peer_index[u.peer_id] for u in un], dtype=np.int64),
            np.array([u.from_date.toordinal() for u in un], dtype=np.int64),
            np.array([u.to_date.toordinal() for u in un], dtype=np.int64),
        )

    return ctx.memo("H3 ranges", make)


def excluded(ctx, challenge, start) -> np.ndarray:
    """H3: one of the peer's unavailability ranges touches [start - 1, end]."""
    from matcher.programme import busy_period

    first, last = (d.toordinal() for d in busy_period(challenge, start))
    peer, lo, hi = _ranges(ctx)
    out = np.zeros(ctx.peers.n, dtype=bool)
    out[peer[(lo <= last) & (hi >= first)]] = True
    return out


def busy_in_plan(plan, challenge, seat, start, peer) -> bool:
    """The plan seats the peer on another challenge on a day of this busy period (a seat
    on this team is H8's case)."""
    from matcher.programme import busy_period

    first, last = busy_period(challenge, start)
    return plan.overlaps(peer.peer_id, first, last, other_than=challenge.challenge_id)


RULE = HardRule(
    ENTRY,
    per_start=excluded,
    across_challenges=True,
    plan_words=PLAN_WORDS,
    plan_check=busy_in_plan,
)
