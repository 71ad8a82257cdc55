"""The service's pool report hides small equalities counts with matcher.disclosure,
the same threshold and complementary suppression as the CLI's usage report."""

from __future__ import annotations

from factories import make_peer, make_programme
from hypothesis import given, settings
from hypothesis import strategies as st

from api.reports import pool_report
from matcher.disclosure import SUPPRESS_BELOW, is_small
from matcher.models import Gender, PeerKind


def recoverable(shown: list[int | None], total: int) -> list[int]:
    """Hidden cells an attacker can work out: when just one is hidden, total - shown."""
    hidden = [i for i, v in enumerate(shown) if v is None]
    if len(hidden) != 1:
        return []
    return [total - sum(v for v in shown if v is not None)]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(PeerKind)), st.sampled_from([*Gender, None])),
        min_size=1,
        max_size=30,
    )
)
def test_pool_report_hides_nothing_recoverable(people):
    peers = [make_peer(f"P{i}", kind, gender=gender) for i, (kind, gender) in enumerate(people)]
    report = pool_report(make_programme(peers=peers))
    assert report.suppressed_below == SUPPRESS_BELOW
    for kind in PeerKind:
        total = report.by_kind.get(kind.value, 0)
        for cells in report.equalities[kind.value].values():
            shown = list(cells.values())
            assert not any(v is not None and is_small(v) for v in shown)
            assert recoverable(shown, total) == []
