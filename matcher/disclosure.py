"""Disclosure control for aggregate reports of people (DOMAIN.md "Personal data").

One threshold and one function for every report that counts people (the usage report of
`peermatch report`, the service's pool report): a count from 1 to SUPPRESS_BELOW - 1 is
hidden, because "1 disabled officer peer" points at a person as surely as a name.
Hiding it alone is not enough when the group's total is published: total minus the
shown cells gives it back. So when a group would have exactly one hidden cell, the
smallest other cell is hidden too (complementary, or secondary, suppression); what can
be worked out then is only the sum of the hidden cells.

A table with row AND column totals (e.g. peers of each kind by gender, when the kinds'
totals and the genders' totals over all peers are both published) needs more: a hidden
cell must not follow from any sum of rows minus columns, which is exactly when it is a
bridge of the graph whose nodes are rows and columns and whose edges are the hidden
cells (`hidden_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

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


def hidden_table(counts: Sequence[Sequence[int]]) -> list[list[bool]]:
    """Which cells of a table to hide when its row totals and column totals are published.

    Primary: small counts. Secondary: while some hidden cell could be worked out from the
    totals and the shown cells (it lies on no cycle of hidden cells alternating between a
    row and a column: a lone hidden cell in a line is the simplest case, a bridge between
    two hidden blocks the subtler one), hide the cheapest rectangle of cells that puts it
    on a cycle: fewest new cells, then non-zero ones before zeros (as hidden_cells: a
    published zero costs nobody anything), then the smallest counts. A table of one row or column
    is one group (hidden_cells): its other totals would be the cells themselves and must
    not be published.
    """
    rows = [list(r) for r in counts]
    n_rows, n_cols = len(rows), len(rows[0]) if rows else 0
    if n_rows <= 1 or n_cols <= 1:
        flat = hidden_cells([c for r in rows for c in r])
        return [flat[i * n_cols : (i + 1) * n_cols] for i in range(n_rows)]
    hidden = [[is_small(c) for c in r] for r in rows]
    while (bridge := _a_bridge(hidden)) is not None:
        r, c = bridge
        options = []
        for r2, c2 in product(range(n_rows), range(n_cols)):
            if r2 == r or c2 == c:
                continue
            new = [(i, j) for i, j in ((r, c2), (r2, c2), (r2, c)) if not hidden[i][j]]
            zeros = sum(rows[i][j] == 0 for i, j in new)
            options.append((len(new), zeros, sum(rows[i][j] for i, j in new), r2, c2, new))
        for i, j in min(options)[-1]:
            hidden[i][j] = True
    return hidden


def _a_bridge(hidden: list[list[bool]]) -> tuple[int, int] | None:
    """A hidden cell on no cycle of hidden cells (recoverable from the totals), or None.

    Nodes: rows 0..R-1 and columns R..R+C-1; a hidden cell (r, c) joins r and R + c. A
    cell is a bridge when, without it, its row and column are no longer connected.
    """
    n_rows, n_cols = len(hidden), len(hidden[0])
    cells = [(r, c) for r in range(n_rows) for c in range(n_cols) if hidden[r][c]]
    for cell in cells:
        links: dict[int, list[int]] = {}
        for r, c in cells:
            if (r, c) != cell:
                links.setdefault(r, []).append(n_rows + c)
                links.setdefault(n_rows + c, []).append(r)
        seen, todo = {cell[0]}, [cell[0]]
        while todo:
            for nxt in links.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        if n_rows + cell[1] not in seen:
            return cell
    return None
