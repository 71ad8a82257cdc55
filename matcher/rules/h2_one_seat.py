"""H2 one seat each: a peer holds at most one seat per challenge.

Nothing to exclude before solving: the encoder's H8 groups (one peer per home council on
a team) imply it, and the validator checks it on its own."""

from __future__ import annotations

from matcher.rules.base import HardRule, RuleId, hard

ENTRY = hard(RuleId.H2, "one seat each", "A peer holds at most one seat per challenge.")

RULE = HardRule(ENTRY, waiver=None)
