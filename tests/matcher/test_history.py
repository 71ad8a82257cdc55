"""History across years (issue 13): reading the history file with every error at its row
and column, and which councils are due a corporate peer challenge."""

from __future__ import annotations

from datetime import date

from matcher.history import councils_due, last_cpcs, read_history
from matcher.io import reference_councils
from matcher.settings import AppSettings

HEADER = "challenge_ref,council,type,start_date,peer_id\n"


def registry():
    return reference_councils(AppSettings().data_dir)


def test_history_rows_and_the_last_cpc_per_council():
    text = HEADER + (
        "H1,E06000001,cpc,2019-03-04,P1\n"
        "H1,E06000001,cpc,2019-03-04,P2\n"
        "H2,E06000001,cpc,2023-05-01,\n"
        "H3,E06000001,finance,2024-05-01,P1\n"
        "H4,E06000002,cpc,2018-01-08,P3\n"
    )
    rows, errors = read_history(text, registry())
    assert errors == [] and len(rows) == 5 and rows[2].peer_id is None
    assert last_cpcs(rows) == {"E06000001": date(2023, 5, 1), "E06000002": date(2018, 1, 8)}


def test_every_bad_cell_is_reported_and_nothing_kept():
    text = HEADER + "H1,XX,cpc,2019-03-04,P1\n,E06000001,visit,04/03/2019,\n"
    rows, errors = read_history(text, registry())
    assert rows == []
    assert [(e.row, e.column) for e in errors] == [
        (2, "council"),
        (3, "type"),
        (3, "start_date"),
    ]
    _, missing = read_history("council,type\n", registry())
    assert "missing columns: start_date" in missing[0].message


def test_the_programme_folders_columns_are_the_same_file():
    """One format: the programme's history.csv columns (challenge_id, type optional) and
    the service's first header (challenge_ref) read alike."""
    ours = "peer_id,council,start_date,challenge_id,type\nP1,E06000001,2019-03-04,H1,cpc\n"
    old = HEADER + "H1,E06000001,cpc,2019-03-04,P1\n"
    assert read_history(ours, registry()) == read_history(old, registry())
    [row], _ = read_history(ours, registry())
    assert (row.peer_id, row.challenge_id, row.type.value) == ("P1", "H1", "cpc")


def test_a_council_is_due_after_the_interval_or_with_none_on_record():
    last = {"A": date(2020, 1, 6), "B": date(2021, 1, 7), "C": date(2016, 2, 29)}
    due = councils_due(["A", "B", "C", "D"], last, date(2026, 1, 6), 5)
    assert [(d.council, d.due_since) for d in due] == [
        ("D", None),
        ("C", date(2021, 3, 1)),
        ("A", date(2025, 1, 7)),
    ]  # B: 7 January 2021 is within five years of 6 January 2026
    assert councils_due(["A"], last, date(2025, 1, 6), 5) == []  # the day before it is due
    assert [d.council for d in councils_due(["A"], last, date(2025, 1, 7), 5)] == ["A"]
    assert councils_due(["C"], last, date(2021, 2, 28), 5) == []
