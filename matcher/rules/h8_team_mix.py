"""H8 team mix: no two peers on a team share a home council. It depends on the rest of
the team only, so it is the encoder's count groups and never a static exclusion."""

from __future__ import annotations

from matcher.rules.base import HardRule, RuleId, hard

ENTRY = hard(RuleId.H8, "team mix", "No two peers on a team share a home council.")
PLAN_WORDS = "shares a home council with a team member"


def shares_home_in_plan(plan, challenge, seat, start, peer) -> bool:
    """A teammate has the peer's home council (the peer already on the team counts: H8
    covers H2)."""
    cid = challenge.challenge_id
    return peer.peer_id in plan.teams[cid] or peer.home_council in plan.team_homes[cid]


RULE = HardRule(ENTRY, plan_words=PLAN_WORDS, plan_check=shares_home_in_plan, waiver=None)
