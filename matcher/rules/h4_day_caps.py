"""H4 day caps: days already used plus the days charged by new seats stay within the
peer's cap for each financial year. Before solving, a peer is excluded when the days used
before this plan already leave too few; the running totals are the encoder's capacities.
Shadow seats count toward no cap. A cap exception is a relaxation needing approval."""

from __future__ import annotations

import numpy as np

from matcher.rules.base import HardRule, RuleId, hard

ENTRY = hard(
    RuleId.H4,
    "day caps",
    "Days already used plus days charged by new seats stay within the "
    "peer's cap for each financial year.",
)
PLAN_WORDS = "days taken by other seats of this plan"
RELAX_COST = 3
"""A day-cap exception needs the group office (members) or employer (officers)."""


def excluded(ctx, challenge, start) -> np.ndarray:
    """H4: fewer days left in the start's financial year than the challenge charges."""
    prog = ctx.programme
    year = prog.financial_year_of(start)
    used = ctx.peers.days_used if year == prog.financial_year else 0
    return ctx.peers.cap - used < challenge.charged_days


def over_cap_in_plan(plan, challenge, seat, start, peer) -> bool:
    """Days used, the plan's other seats and this one exceed the cap (not shadow seats)."""
    prog = plan.programme
    year = prog.financial_year_of(start)
    days = plan.days[(peer.peer_id, year)] + challenge.charged_days + prog.days_used_in(peer, year)
    return not seat.shadow and days > prog.cap_of(peer)


RULE = HardRule(
    ENTRY,
    per_start=excluded,
    plan_check=over_cap_in_plan,
    shadow_exempt=True,
    across_challenges=True,
    plan_words=PLAN_WORDS,
    relax_waiver="peer",
    relax_cost=RELAX_COST,
)
