"""The independent validator: every solution is re-checked against every hard rule.

"Never trust the solver": `validate` judges an answer from the programme and the
assignment rows alone, reports every broken rule instance with a sentence about the
case, and recomputes the objective with matcher.scoring. It never imports OR-Tools or
`solver`.

Layout: report (Violation, ValidationReport), context (the solution indexed once),
seats (H1, H2), dates (H3, H4), people (H5, H6), team (H7, H8, required S2), core
(validate and the list of checks).
"""

from matcher.validation.core import CHECKS, register_check, unregister_check, validate
from matcher.validation.people import years_before
from matcher.validation.report import ValidationReport, Violation

__all__ = [
    "CHECKS",
    "ValidationReport",
    "Violation",
    "register_check",
    "unregister_check",
    "validate",
    "years_before",
]
