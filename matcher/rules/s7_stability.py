"""S7 stability: when re-planning, keep already proposed seats."""

from matcher.rules.base import RuleId, soft

ENTRY = soft(
    RuleId.S7,
    "stability",
    "When re-planning, keep already proposed seats.",
    300,
    "proposed placement not kept",
)
