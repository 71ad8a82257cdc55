"""The rules: one module per rule (h1_seats ... h8_team_mix, s1_fit ... s7_stability),
each with its catalogue entry, policy constants, vectorised exclusion or penalty and
explanation words; `registry` lists them in catalogue order (../shared/spec/DOMAIN.md,
whose codes H1-H8 and S1-S8 are stable).

Soft rules are scored as *penalty points* that the optimiser minimises; a rule's
`default_weight` is the number of points for one `unit` of that rule.
"""

from matcher.rules.base import HardRule, Rule, RuleId, RuleKind
from matcher.rules.registry import (
    CATALOGUE,
    HARD_CODES,
    RULES,
    SOFT_CODES,
    across_challenge_codes,
    default_weights,
    hard_rule,
    hard_rules,
    markdown_table,
    plan_rules,
    register,
    rule,
    static_rules,
    unregister,
)

__all__ = [
    "CATALOGUE",
    "HARD_CODES",
    "RULES",
    "SOFT_CODES",
    "HardRule",
    "Rule",
    "RuleId",
    "RuleKind",
    "across_challenge_codes",
    "default_weights",
    "hard_rule",
    "hard_rules",
    "markdown_table",
    "plan_rules",
    "register",
    "rule",
    "static_rules",
    "unregister",
]
