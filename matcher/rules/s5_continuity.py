"""S5 continuity: a progress review prefers members of the original team."""

from matcher.rules.base import RuleId, soft

ENTRY = soft(
    RuleId.S5,
    "continuity",
    "A progress review prefers members of the original team.",
    200,
    "progress-review seat without a member of the original team",
)
