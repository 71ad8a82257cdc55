"""The rule catalogue: the one place that names and describes every rule.

Code, the validator, explanations, CLI help and the README all read from here, so a
rule's wording and default weight are changed in one spot (see ../shared/spec/DOMAIN.md,
whose codes H1-H8 and S1-S7 are stable).

Soft rules are scored as *penalty points* that the optimiser minimises; a rule's
`default_weight` is the number of points for one `unit` of that rule.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class RuleKind(StrEnum):
    HARD = "hard"
    SOFT = "soft"


class Rule(BaseModel):
    """One catalogued rule: stable code, kind, policy sentence and scoring unit."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable rule code, e.g. 'H5' or 'S3'.")
    name: str = Field(description="Short name used in tables and messages.")
    kind: RuleKind = Field(description="Hard rules are never broken; soft rules cost points.")
    policy: str = Field(description="The rule in one plain-English sentence.")
    default_weight: int = Field(
        default=0, description="Penalty points per unit (soft rules); 0 for hard rules."
    )
    unit: str = Field(default="", description="What one unit of penalty is (soft rules).")


def _hard(code: str, name: str, policy: str) -> Rule:
    return Rule(code=code, name=name, kind=RuleKind.HARD, policy=policy)


def _soft(code: str, name: str, policy: str, weight: int, unit: str) -> Rule:
    return Rule(
        code=code, name=name, kind=RuleKind.SOFT, policy=policy, default_weight=weight, unit=unit
    )


CATALOGUE: tuple[Rule, ...] = (
    _hard(
        "H1",
        "seats",
        "Every seat gets exactly one peer of the right kind holding at least "
        "one of its required tags, or is reported unfilled with the reason.",
    ),
    _hard("H2", "one seat each", "A peer holds at most one seat per challenge."),
    _hard(
        "H3",
        "availability",
        "A peer is not unavailable on any onsite day or the evening "
        "before, and a peer's onsite periods (evening before included) never overlap.",
    ),
    _hard(
        "H4",
        "day caps",
        "Days already used plus days charged by new seats stay within the "
        "peer's cap for each financial year.",
    ),
    _hard(
        "H5",
        "conflicts",
        "No peer at their own council, a council of the same two-tier area, "
        "a neighbouring council, a declared conflict, a former employer within 5 years, or a "
        "council that vetoed them.",
    ),
    _hard(
        "H6",
        "eligibility",
        "Member peers are trained and attended a peer conference within 3 "
        "years and serve or left under 12 months ago; officer peers are serving.",
    ),
    _hard(
        "H7",
        "party balance",
        "Seats with a party rule get a peer who satisfies it, and two or "
        "more member peers on a team are not all of one party.",
    ),
    _hard("H8", "team mix", "No two peers on a team share a home council."),
    _soft(
        "S1",
        "fit",
        "Prefer peers who hold the seat's preferred tags and know the client's type of council.",
        40,
        "fit element missing (no preferred tag held; no experience of the council type)",
    ),
    _soft(
        "S2",
        "diversity",
        "Meet the council's diversity preferences; unknown or 'prefer not "
        "to say' data never counts toward a minimum.",
        300,
        "peer short of a minimum",
    ),
    _soft(
        "S3",
        "cost",
        "Keep travel and subsistence low (LGA expenses policy).",
        1,
        "pound of estimated expenses",
    ),
    _soft(
        "S4",
        "fair use",
        "Spread days across the pool and keep each group office's share of "
        "member seats near its share of the pool.",
        15,
        "day above 50% of a peer's cap (3 units above 75%); 10 units per member seat "
        "away from a group office's target",
    ),
    _soft(
        "S5",
        "continuity",
        "A progress review prefers members of the original team.",
        200,
        "progress-review seat without a member of the original team",
    ),
    _soft(
        "S6",
        "requests",
        "Place the peers the council asked for, where eligible.",
        200,
        "requested peer not on the team",
    ),
    _soft(
        "S7",
        "stability",
        "When re-planning, keep already proposed seats.",
        300,
        "proposed placement not kept",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in CATALOGUE}
HARD_CODES: tuple[str, ...] = tuple(r.code for r in CATALOGUE if r.kind is RuleKind.HARD)
SOFT_CODES: tuple[str, ...] = tuple(r.code for r in CATALOGUE if r.kind is RuleKind.SOFT)


def rule(code: str) -> Rule:
    """Return the catalogued rule for `code`, raising KeyError for an unknown code."""
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
