"""What the validator returns: one `Violation` per broken rule instance, and the report.

A violation names the catalogued rule (H1-H8, or S2 where a challenge made its diversity
minimums hard) and the entities involved, and carries a sentence about the specific case,
so a manager or a failing test can see at once what is wrong and where.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from matcher.rules import RULES
from matcher.scoring import ScoreBreakdown


def _rule_order() -> dict[str, int]:
    """Catalogue order, registered rules after it (matcher.rules.RULES is live)."""
    return {code: i for i, code in enumerate(RULES)}


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken hard rule instance (all violations the validator reports are hard)."""

    rule: str
    """Catalogue code, e.g. 'H5' (S2 only for challenges whose diversity is required)."""
    challenge_id: str
    seat_id: str | None
    peer_id: str | None
    message: str
    """A sentence about this case, starting with the rule code."""
    detail: str = ""
    """Which clause broke, e.g. 'neighbour' or 'unfilled' (stable, for code and tests)."""

    def sort_key(self) -> tuple:
        return (
            _rule_order().get(self.rule, len(RULES)),
            self.challenge_id,
            self.seat_id or "",
            self.peer_id or "",
            self.detail,
            self.message,
        )


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every violation of a solution (sorted, so equal inputs give equal reports) and its score."""

    violations: tuple[Violation, ...]
    score: ScoreBreakdown
    """The objective recomputed by matcher.scoring from the (resolvable) assignments alone."""

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken (every reported violation is hard)."""
        return not self.violations

    def by_rule(self) -> dict[str, int]:
        """Number of violations per rule code, in catalogue order."""
        counts = Counter(v.rule for v in self.violations)
        return {code: counts[code] for code in sorted(counts, key=_rule_order().get)}

    def of_rule(self, code: str, detail: str | None = None) -> list[Violation]:
        """The violations of one rule (and optionally one clause)."""
        return [
            v for v in self.violations if v.rule == code and (detail is None or v.detail == detail)
        ]

    def summary(self) -> str:
        """One line: 'ok' or the counts per rule, e.g. 'H3:2 H5:1'."""
        if self.ok:
            return "ok"
        return " ".join(f"{code}:{n}" for code, n in self.by_rule().items())
