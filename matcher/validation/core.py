"""validate(): run every rule check on a solution and score it, trusting nothing.

The solver's answer is re-checked here against every hard rule, independently of how it
was produced: this package never imports OR-Tools or `solver` (import-linter contract).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from matcher.models import Assignment
from matcher.programme import Programme
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

CHECKS: tuple[Callable[[Context], Iterator[Violation]], ...] = (
    check_references,
    check_seat_fit,
    check_occupancy,
    check_confirmed,  # H1
    check_one_seat_each,  # H2
    check_dates,
    check_unavailability,
    check_overlaps,  # H3
    check_day_caps,  # H4
    check_conflicts,  # H5
    check_eligibility,  # H6
    check_party_rules,
    check_party_mix,  # H7
    check_team_mix,  # H8
    check_required_diversity,  # S2 where a challenge made it hard
)
"""Every check, one per rule family; each yields all of its violations, never just one."""


def validate(programme: Programme, assignments: Sequence[Assignment]) -> ValidationReport:
    """Check `assignments` against every hard rule of `programme` and recompute the score.

    Rows naming an unknown challenge, seat or peer are reported (H1) and left out of the
    other checks and of the score, which could not judge them; exact duplicate rows are
    reported (H1) and judged once.
    """
    ctx = build_context(programme, assignments)
    violations = [v for check in CHECKS for v in check(ctx)]
    violations.sort(key=Violation.sort_key)
    score = score_solution(programme, [p.row for p in ctx.placed])
    return ValidationReport(tuple(violations), score)
