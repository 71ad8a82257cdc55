"""The attacker of the disclosure tests: which hidden cells of a table follow exactly
from its published totals (shared by tests/matcher/test_disclosure.py and the service's
report tests)."""

from __future__ import annotations

import numpy as np


def recoverable_cells(values: list[list[int]], hidden: list[list[bool]]) -> list[tuple]:
    """Hidden cells an attacker can work out exactly from the published row, column and
    grand totals and the shown cells: any sum and difference of those lines (a cell is
    recoverable exactly when its unit vector lies in the span of the lines' equations
    over the hidden cells), which covers subtraction along a line and chains of it."""
    cells = [(r, c) for r, row in enumerate(hidden) for c, h in enumerate(row) if h]
    if not cells:
        return []
    n_rows, n_cols = len(values), len(values[0])
    lines = [[float(r == i) for r, _ in cells] for i in range(n_rows)]
    lines += [[float(c == j) for _, c in cells] for j in range(n_cols)]
    lines.append([1.0] * len(cells))
    rank = np.linalg.matrix_rank(np.array(lines))
    out = []
    for k, cell in enumerate(cells):
        unit = [float(k == m) for m in range(len(cells))]
        if np.linalg.matrix_rank(np.array([*lines, unit])) == rank:
            out.append(cell)
    return out
