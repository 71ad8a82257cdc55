"""S6 requests: place the peers the council asked for, where eligible."""

from matcher.rules.base import RuleId, soft

ENTRY = soft(
    RuleId.S6,
    "requests",
    "Place the peers the council asked for, where eligible.",
    200,
    "requested peer not on the team",
)
