"""Disclosure control: one threshold, and no hidden count recoverable by subtracting
the shown counts from the group's total (hypothesis properties), for the function and
the usage report of `peermatch report` (the pool report: tests/api/test_api_pool_report)."""

from __future__ import annotations

import pandas as pd
from disclosure_attack import recoverable_cells
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.disclosure import SUPPRESSED, hidden_cells, hidden_table, is_small
from matcher.whatif.usage import COUNT_COLUMNS, suppress

counts = st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=8)


def recoverable(shown: list[int | None], total: int) -> list[int]:
    """Hidden cells an attacker can work out: when just one is hidden, total - shown."""
    hidden = [i for i, v in enumerate(shown) if v is None]
    if len(hidden) != 1:
        return []
    return [total - sum(v for v in shown if v is not None)]


@given(counts)
def test_small_counts_are_hidden_and_none_can_be_recovered(values):
    flags = hidden_cells(values)
    assert all(flags[i] for i, v in enumerate(values) if is_small(v))
    shown = [None if hidden else v for v, hidden in zip(values, flags, strict=True)]
    assert recoverable(shown, sum(values)) == []


@given(counts, st.data())
def test_cells_hidden_for_another_column_are_protected_too(values, data):
    also = data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    flags = hidden_cells(values, also)
    assert all(f for f, a in zip(flags, also, strict=True) if a)
    assert sum(flags) != 1


def test_a_lone_small_count_takes_the_smallest_other_with_it():
    assert hidden_cells([20, 3, 9]) == [False, True, True]
    assert hidden_cells([0, 3, 0]) == [True, True, False], "a zero when no other is non-zero"
    assert hidden_cells([5, 6, 7]) == [False, False, False]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=1), st.data())
def test_usage_table_hides_nothing_recoverable(pairs, data):
    pool, used = pairs[0]
    n = min(len(pool), len(used))
    pool = [max(p, u) for p, u in zip(pool[:n], used[:n], strict=True)]
    used = used[:n]
    placements = [u * data.draw(st.integers(1, 3)) for u in used]
    frame = pd.DataFrame(
        {
            "value": [f"v{i}" for i in range(n)],
            "pool_peers": pool,
            "peers_used": used,
            "placements": placements,
            "days": [7 * p for p in placements],
            "pool_share": 0.0,
            "days_share": 0.0,
        }
    )
    out = suppress(frame)
    for column in COUNT_COLUMNS:
        shown = [None if v == SUPPRESSED else int(v) for v in out[column]]
        assert not any(v is not None and is_small(v) for v in shown)
        assert recoverable(shown, int(frame[column].sum())) == []


small_or_not = st.one_of(st.integers(0, 4), st.integers(5, 40))
tables = st.integers(2, 5).flatmap(
    lambda n_cols: st.lists(
        st.lists(small_or_not, min_size=n_cols, max_size=n_cols), min_size=2, max_size=5
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_cell_of_a_table_follows_from_its_row_and_column_totals(values):
    hidden = hidden_table(values)
    for row, flags in zip(values, hidden, strict=True):
        assert all(h for v, h in zip(row, flags, strict=True) if is_small(v))
    assert recoverable_cells(values, hidden) == []


def test_per_line_suppression_alone_leaves_a_table_open():
    """Why hidden_table exists: hiding within each row (hidden_cells) leaves the lone
    hidden cells of the columns, which the column totals give back."""
    values = [[3, 20, 9], [10, 30, 7]]
    per_row = [hidden_cells(row) for row in values]
    assert recoverable_cells(values, per_row) == [(0, 0), (0, 2)]
    assert hidden_table(values) == [[True, False, True], [True, False, True]]


def test_a_bridge_between_two_hidden_blocks_is_closed():
    """Two 2x2 blocks of hidden cells joined by one hidden cell: no line holds a lone
    hidden cell, yet the joining cell is the blocks' row totals minus column totals."""
    values = [[1, 1, 9, 9, 9], [1, 1, 9, 9, 9], [9, 1, 9, 1, 1], [9, 9, 9, 1, 1]]
    naive = [[is_small(v) for v in row] for row in values]
    assert recoverable_cells(values, naive) == [(2, 1)]
    assert recoverable_cells(values, hidden_table(values)) == []
