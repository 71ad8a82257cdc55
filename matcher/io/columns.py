"""Columns a programme file has that the format does not know: a typo is an error.

A misspelt optional column (`days_usd`) would otherwise be ignored like any extra column,
and its values silently replaced by the default (days used 0: the H4 caps go wrong without
a word). So a header within a small edit distance of a known column the file lacks is an
error naming that column; any other unknown column is a warning, reported by `check` and
by the upload, and the data in it is ignored.
"""

from __future__ import annotations

import difflib

from matcher.io.errors import FORMAT_DOC, LoadError
from matcher.io.schema import TableSpec
from matcher.io.tables import RawTable

REFERENCE_EXTRAS = frozenset(
    {
        "official_name",
        "type_detail",
        "parent_name",
        "population_year",
        "control_year",
        "seats_total",
        "political_control_2023",
        "largest_party_2023",
        "la_code",
        "ocd_council_id",
        "basis",
        "touches_in_clipped_boundaries",
    }
)
"""Columns of the shipped council tables (matcher/data) that peermatch does not read; a
folder carrying a copy of those tables gets no warning for them."""

SIMILARITY = 0.8
"""difflib ratio from which an unknown header is taken for a typo (days_usd/days_used 0.94)."""


def close_known_column(column: str, candidates: list[str]) -> str | None:
    """The known column `column` most likely misspells (case ignored), or None."""
    lowered = {name.lower(): name for name in candidates}
    if column.lower() in lowered:
        return lowered[column.lower()]
    match = difflib.get_close_matches(column.lower(), list(lowered), n=1, cutoff=SIMILARITY)
    return lowered[match[0]] if match else None


def check_unknown_columns(
    raw: RawTable, spec: TableSpec, errors: list[LoadError], warnings: list[LoadError]
) -> None:
    """An error for each likely misspelling of a known column, a warning for other extras."""
    absent = [name for name in spec.column_names if name not in raw.columns]
    for column in raw.columns:
        if column in spec.column_names or column in REFERENCE_EXTRAS:
            continue
        known = close_known_column(column, absent)
        if known is not None:
            message = f"unknown column: did you mean '{known}'? (see {FORMAT_DOC})"
            errors.append(
                LoadError(file=raw.label, row=1, column=column, value=column, message=message)
            )
        else:
            message = f"unknown column, ignored ({FORMAT_DOC} lists the {spec.name} columns)"
            warnings.append(LoadError(file=raw.label, row=1, column=column, message=message))
