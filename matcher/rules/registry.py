"""The registry: every rule in catalogue order, and the loops everything else runs over.

The catalogue (CATALOGUE) is the spec's rules, H1-H8 then S1-S8, from their modules.
The hard rules' behaviour (`hard_rules()`) drives the one exclusion-mask union, the one
attribution order of blocking counts, decode reasons, unfilled messages, shortlist
waivers and what-if inputs; `register` adds a rule after the catalogued ones (a new rule
module, or a test's toy rule) and `unregister` takes it away again.
"""

from __future__ import annotations

from matcher.rules import (
    h1_seats,
    h2_one_seat,
    h3_availability,
    h4_day_caps,
    h5_conflicts,
    h6_eligibility,
    h7_party,
    h8_team_mix,
    s1_fit,
    s2_diversity,
    s3_cost,
    s4_fair_use,
    s5_continuity,
    s6_requests,
    s7_stability,
    s8_fresh_eyes,
)
from matcher.rules.base import HardRule, Rule, RuleId, RuleKind

_CATALOGUED_HARD: tuple[HardRule, ...] = (
    h1_seats.RULE,
    h2_one_seat.RULE,
    h3_availability.RULE,
    h4_day_caps.RULE,
    h5_conflicts.RULE,
    h6_eligibility.RULE,
    h7_party.RULE,
    h8_team_mix.RULE,
)
_SOFT_MODULES = (
    s1_fit,
    s2_diversity,
    s3_cost,
    s4_fair_use,
    s5_continuity,
    s6_requests,
    s7_stability,
    s8_fresh_eyes,
)
CATALOGUE: tuple[Rule, ...] = tuple(r.entry for r in _CATALOGUED_HARD) + tuple(
    m.ENTRY for m in _SOFT_MODULES
)
RULES: dict[str, Rule] = {r.code: r for r in CATALOGUE}
"""Every rule by code, registered ones included (a live view: register/unregister)."""
HARD_CODES: tuple[str, ...] = tuple(r.code for r in CATALOGUE if r.kind is RuleKind.HARD)
SOFT_CODES: tuple[str, ...] = tuple(r.code for r in CATALOGUE if r.kind is RuleKind.SOFT)
_HARD: list[HardRule] = list(_CATALOGUED_HARD)


def hard_rules() -> tuple[HardRule, ...]:
    """Hard rules in catalogue order, registered ones last."""
    return tuple(_HARD)


def hard_rule(code: str) -> HardRule:
    """The hard rule of `code` (KeyError for an unknown or soft code)."""
    for r in _HARD:
        if r.code == code:
            return r
    raise KeyError(code)


def static_rules() -> tuple[HardRule, ...]:
    """Rules that exclude a peer whatever the rest of the plan is, except H1 (which
    defines a seat's population), in the order a blocked peer is attributed."""
    return tuple(
        r for r in _HARD if r.code != RuleId.H1 and (r.per_start or r.per_seat) is not None
    )


def plan_rules() -> tuple[HardRule, ...]:
    """Rules that can exclude a peer because of the rest of the plan (H3, H4, H7, H8)."""
    return tuple(r for r in _HARD if r.plan_words)


def across_challenge_codes() -> frozenset[str]:
    """Codes of rules a peer's seats on other challenges count toward (H3, H4): the only
    ones a new team can break on a row of another challenge."""
    return frozenset(r.code for r in _HARD if r.across_challenges)


def register(rule: HardRule) -> None:
    """Add a hard rule after the catalogued ones (its code must be new)."""
    if rule.code in RULES:
        raise ValueError(f"rule {rule.code} is already registered")
    if rule.entry.kind is not RuleKind.HARD:
        raise ValueError(f"rule {rule.code} is not a hard rule")
    _HARD.append(rule)
    RULES[rule.code] = rule.entry


def unregister(code: str) -> None:
    """Remove a rule added by `register` (catalogued rules cannot be removed)."""
    if code in HARD_CODES or code in SOFT_CODES:
        raise ValueError(f"rule {code} is catalogued and cannot be unregistered")
    _HARD.remove(hard_rule(code))
    del RULES[code]


def rule(code: str) -> Rule:
    """Return the rule for `code`, raising KeyError for an unknown code."""
    return RULES[code]


def default_weights() -> dict[str, int]:
    """Default points per unit for each soft rule, keyed by code."""
    return {r.code: r.default_weight for r in CATALOGUE if r.kind is RuleKind.SOFT}


def markdown_table() -> str:
    """The catalogue as a Markdown table (the README's rule table is checked against it)."""
    lines = ["| code | name | kind | policy | default weight |", "|---|---|---|---|---|"]
    for r in CATALOGUE:
        weight = f"{r.default_weight} per {r.unit}" if r.kind is RuleKind.SOFT else ""
        lines.append(f"| {r.code} | {r.name} | {r.kind.value} | {r.policy} | {weight} |")
    return "\n".join(lines)
