"""validate(): run every rule check on a solution and score it, trusting nothing.

The solver's answer is re-checked here against every hard rule, independently of how it
was produced: this package never imports OR-Tools or `solver` (import-linter contract).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from matcher.models import Assignment
from matcher.programme import Programme
from matcher.rules import HARD_CODES, SOFT_CODES, RuleId
from matcher.scoring import score_solution
from matcher.validation.context import Context, build_context
from matcher.validation.dates import (
    check_dates,
    check_day_caps,
    check_overlaps,
    check_unavailability,
)
from matcher.validation.people import check_conflicts, check_eligibility
from matcher.validation.report import ValidationReport, Violation
from matcher.validation.seats import (
    check_confirmed,
    check_occupancy,
    check_one_seat_each,
    check_references,
    check_seat_fit,
)
from matcher.validation.team import (
    check_party_mix,
    check_party_rules,
    check_required_diversity,
    check_team_mix,
)

Check = Callable[[Context], Iterator[Violation]]

CHECKS: dict[str, tuple[Check, ...]] = {
    RuleId.H1: (check_references, check_seat_fit, check_occupancy, check_confirmed),
    RuleId.H2: (check_one_seat_each,),
    RuleId.H3: (check_dates, check_unavailability, check_overlaps),
    RuleId.H4: (check_day_caps,),
    RuleId.H5: (check_conflicts,),
    RuleId.H6: (check_eligibility,),
    RuleId.H7: (check_party_rules, check_party_mix),
    RuleId.H8: (check_team_mix,),
    RuleId.S2: (check_required_diversity,),  # where a challenge made its minimums hard
}
"""The validator's own checks, keyed by rule code in catalogue order; each yields all of
its violations, never just one. A new hard rule adds its check with `register_check`."""


def register_check(code: str, check: Check) -> None:
    """Add the independent check of a newly registered hard rule (matcher.rules.register)."""
    if code in CHECKS:
        raise ValueError(f"the validator already checks {code}")
    CHECKS[code] = (check,)


def unregister_check(code: str) -> None:
    """Remove a check added by `register_check`."""
    if code in HARD_CODES or code in SOFT_CODES:
        raise ValueError(f"{code} is catalogued: its check cannot be removed")
    del CHECKS[code]


def validate(programme: Programme, assignments: Sequence[Assignment]) -> ValidationReport:
    """Check `assignments` against every hard rule of `programme` and recompute the score.

    Rows naming an unknown challenge, seat or peer are reported (H1) and left out of the
    other checks and of the score, which could not judge them; exact duplicate rows are
    reported (H1) and judged once.
    """
    ctx = build_context(programme, assignments)
    violations = [v for checks in CHECKS.values() for check in checks for v in check(ctx)]
    violations.sort(key=Violation.sort_key)
    score = score_solution(programme, [p.row for p in ctx.placed])
    return ValidationReport(tuple(violations), score)
