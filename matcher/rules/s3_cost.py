"""S3 cost: keep travel and subsistence low (LGA expenses policy; the estimate itself is
matcher.scoring.expense_gbp, shared with the validator)."""

from matcher.rules.base import RuleId, soft

ENTRY = soft(
    RuleId.S3,
    "cost",
    "Keep travel and subsistence low (LGA expenses policy).",
    1,
    "pound of estimated expenses",
)
