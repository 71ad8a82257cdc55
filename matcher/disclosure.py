"""Disclosure control for aggregate reports of people (DOMAIN.md "Personal data").

One threshold and one function for every report that counts people (the usage report of
`peermatch report`, the service's pool report): a count from 1 to SUPPRESS_BELOW - 1 is
hidden, because "1 disabled officer peer" points at a person as surely as a name.
Hiding it alone is not enough when the group's total is published: total minus the
shown cells gives it back. So when a group would have exactly one hidden cell, the
smallest other cell is hidden too (complementary, or secondary, suppression); what can
be worked out then is only the sum of the hidden cells.
"""

from __future__ import annotations

from collections.abc import Sequence

SUPPRESS_BELOW = 5
"""Counts of 1 to 4 are hidden (the usual rule for official statistics about people;
the service's 3 and the report's 5 became this one)."""
SUPPRESSED = f"<{SUPPRESS_BELOW}"
"""How a hidden count is written in tables meant for reading."""


def is_small(count: int) -> bool:
    """A count that could point at a person: at least one, under the threshold. Zero is
    not disclosive on its own."""
    return 1 <= count < SUPPRESS_BELOW


def hidden_cells(counts: Sequence[int], also: Sequence[bool] | None = None) -> list[bool]:
    """Which cells of one group (whose total is published) to hide.

    Primary: small counts, and cells `also` marks (hidden for another column's sake).
    Complementary: never exactly one hidden cell in a group of two or more; the smallest
    other non-zero cell is hidden with it, or a zero one when no other is non-zero.
    """
    flags = [is_small(c) for c in counts]
    if also is not None:
        flags = [f or bool(a) for f, a in zip(flags, also, strict=True)]
    if sum(flags) == 1 and len(counts) > 1:
        others = [i for i, hidden in enumerate(flags) if not hidden]
        flags[min(others, key=lambda i: (counts[i] == 0, counts[i], i))] = True
    return flags


def suppress_counts(counts: dict[str, int]) -> dict[str, int | None]:
    """A group of named counts with hidden ones as None (for JSON answers)."""
    names = sorted(counts)
    flags = hidden_cells([counts[n] for n in names])
    return {n: None if hidden else counts[n] for n, hidden in zip(names, flags, strict=True)}
