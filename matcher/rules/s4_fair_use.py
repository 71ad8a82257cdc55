"""S4 fair use: spread days across the pool and keep each group office's share of member
seats near its share of the pool (steps and units in matcher.scoring)."""

from matcher.rules.base import RuleId, soft

ENTRY = soft(
    RuleId.S4,
    "fair use",
    "Spread days across the pool and keep each group office's share of "
    "member seats near its share of the pool.",
    15,
    "day above 50% of a peer's cap (3 units above 75%); 10 units per member seat "
    "away from a group office's target",
)
