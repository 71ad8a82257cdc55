"""The service's pool report hides small equalities counts with matcher.disclosure,
the same threshold and complementary suppression as the CLI's usage report."""

from __future__ import annotations

from disclosure_attack import recoverable_cells
from factories import make_peer, make_programme
from hypothesis import given, settings
from hypothesis import strategies as st

from api.reports import VALUES, pool_report
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
    kinds = [k.value for k in PeerKind]
    counts = [
        [
            sum(q.value == k and (g.value if g else "unknown") == v for q, g in people)
            for v in VALUES["gender"]
        ]
        for k in kinds
    ]
    hidden = [[report.equalities[k]["gender"][v] is None for v in VALUES["gender"]] for k in kinds]
    assert recoverable_cells(counts, hidden) == []  # with the values' totals public too


def test_a_hidden_count_cannot_be_worked_out_with_the_pools_totals_by_value():
    """The kinds' totals (by_kind) and each value's total over all peers (the annual
    report's pool by characteristic) are both public: 3 women members hidden beside 9
    members who preferred not to say, with 10 women officers shown, gave 13 - 10 = 3."""
    people = [(PeerKind.MEMBER, Gender.FEMALE)] * 3 + [(PeerKind.MEMBER, Gender.MALE)] * 20
    people += [(PeerKind.MEMBER, Gender.PREFER_NOT_TO_SAY)] * 9
    people += [(PeerKind.OFFICER, Gender.FEMALE)] * 10 + [(PeerKind.OFFICER, Gender.MALE)] * 12
    people += [(PeerKind.OFFICER, Gender.PREFER_NOT_TO_SAY)] * 6
    peers = [make_peer(f"P{i}", kind, gender=gender) for i, (kind, gender) in enumerate(people)]
    report = pool_report(make_programme(peers=peers))
    kinds = [k.value for k in PeerKind]
    table = [report.equalities[k]["gender"] for k in kinds]
    assert table[0][Gender.FEMALE.value] is None
    counts = [
        [
            sum(1 for q, g in people if q.value == k and (g.value if g else "unknown") == v)
            for v in VALUES["gender"]
        ]
        for k in kinds
    ]
    hidden = [[row[v] is None for v in VALUES["gender"]] for row in table]
    assert recoverable_cells(counts, hidden) == []
