"""The shapes every rule module fills in: the catalogue entry and a hard rule's behaviour.

A rule module (matcher/rules/h5_conflicts.py, ...) holds one rule: its frozen `Rule`
entry (code, name, kind, policy sentence, default weight), its policy constants, its
vectorised exclusion (hard) or penalty (soft) for the encoder, and the words used when
explaining it. Codes are `RuleId` members: a StrEnum, so `RuleId.H5 == "H5"` and the
codes read and hash like the strings they replace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field


class RuleKind(StrEnum):
    HARD = "hard"
    SOFT = "soft"


class RuleId(StrEnum):
    """Stable rule codes of ../shared/spec/DOMAIN.md."""

    H1 = "H1"
    H2 = "H2"
    H3 = "H3"
    H4 = "H4"
    H5 = "H5"
    H6 = "H6"
    H7 = "H7"
    H8 = "H8"
    S1 = "S1"
    S2 = "S2"
    S3 = "S3"
    S4 = "S4"
    S5 = "S5"
    S6 = "S6"
    S7 = "S7"
    S8 = "S8"


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


def hard(code: str, name: str, policy: str) -> Rule:
    return Rule(code=code, name=name, kind=RuleKind.HARD, policy=policy)


def soft(code: str, name: str, policy: str, weight: int, unit: str) -> Rule:
    return Rule(
        code=code, name=name, kind=RuleKind.SOFT, policy=policy, default_weight=weight, unit=unit
    )


StartMask = Callable[[Any, Any, date], np.ndarray]
"""(context, challenge, start) -> peers excluded at that start, whatever the plan is."""
SeatMask = Callable[[Any, Any, Any], np.ndarray]
"""(context, challenge, seat) -> peers excluded from that seat, whatever the plan is."""
PlanCheck = Callable[[Any, Any, Any, date, Any], bool]
"""(plan, challenge, seat, start, peer) -> the rest of the plan keeps the peer out
(plan: matcher.plan_usage.PlanUsage)."""


@dataclass(frozen=True)
class HardRule:
    """What the encoder, the explanations and the shortlist waivers need of a hard rule.

    `context` is matcher.eligibility.Eligibility (the programme's peers as numpy columns,
    `memo` for side tables a rule builds once); rule modules never import it, so the
    validator may read their entries and constants without touching the encoder.
    """

    entry: Rule
    per_start: StartMask | None = None
    per_seat: SeatMask | None = None
    shadow_exempt: bool = False
    across_challenges: bool = False
    """A peer's seats on other challenges count toward it (H3 dates, H4 day caps), so a
    violation flagged on another challenge's row can be a new team's doing; every other
    rule judges a row by its own challenge alone."""
    """The exclusion does not apply to shadow seats (H4: they count toward no cap)."""
    shadow_start: StartMask | None = None
    """The per-start exclusion for shadow seats where it differs (H6: no conference rule)."""
    plan_words: str = ""
    """How a peer excluded only by the rest of the plan is counted ("busy on ...")."""
    plan_check: PlanCheck | None = None
    """Whether the rest of the plan keeps a peer out (for unfilled blocking counts)."""
    waiver: str | None = "peer"
    """Diagnosis: one waiver literal per excluded 'peer', per 'seat', or None."""
    relax_waiver: str | None = None
    """Relaxation: waivable per 'peer' or 'seat' (at relax_cost each), None if never."""
    relax_part: StartMask | None = None
    """The part of a per-start exclusion a relaxation may lift (default: all of it)."""
    relax_cost: int = 0
    seat_sentence: Callable[[Any], tuple[str, str]] | None = None
    """(clause, words) for a per-seat waiver in a diagnostic core (H7: the party rule)."""

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def name(self) -> str:
        return self.entry.name
