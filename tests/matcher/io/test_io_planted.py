"""Twenty problems planted across every file are all reported at once, and nothing loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from folder_edits import NO_DATA_DIR, set_cell, tiny_copy

from matcher.io import InvalidInstanceError, load_programme

PLANTED: list[tuple[str, int, str, str]] = [
    ("peers.csv", 2, "home_council", "E99"),  # unknown council
    ("peers.csv", 3, "days_used", "-3"),  # negative days
    ("peers.csv", 4, "gender", "f"),  # bad enum
    ("peers.csv", 5, "party", "lab"),  # party on an officer
    ("peers.csv", 9, "trained_on", "2023-02-30"),  # malformed date
    ("peers.csv", 7, "lead_peer", "maybe"),  # bad boolean
    ("unavailability.csv", 2, "to_date", "2024-05-01"),  # to_date before from_date
    ("unavailability.csv", 3, "peer_id", "P99"),  # unknown peer
    ("conflicts.csv", 2, "ons_code", "E98"),  # unknown council
    ("conflicts.csv", 3, "reason", "friend"),  # bad enum
    ("challenges.csv", 2, "vetoes", "P3;P97"),  # unknown peer in a list
    ("challenges.csv", 2, "onsite_days", "0"),  # fewer than 1 onsite day
    ("challenges.csv", 3, "latest_start", "2024-06-24"),  # window runs backwards
    ("challenges.csv", 4, "follows", "C9"),  # follows no challenge
    ("seats.csv", 2, "party_rule", "leader_party"),  # party rule on an officer seat
    ("seats.csv", 2, "required_tags", "leader"),  # no lead officer holds 'leader'
    ("placements.csv", 2, "seat_id", "treasurer"),  # no such template seat
    ("placements.csv", 3, "status", "maybe"),  # bad enum
    ("settings.csv", 2, "oficer_cap_days", "20"),  # unknown setting
    ("councils.csv", 3, "type", "shire"),  # bad enum in the councils table
]


def test_twenty_planted_errors_are_all_reported_with_file_row_and_column(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    for file, row, column, value in PLANTED:
        set_cell(folder, file, row, column, value)
    loaded = None
    with pytest.raises(InvalidInstanceError) as info:
        loaded = load_programme(folder, NO_DATA_DIR)
    assert loaded is None
    errors = info.value.errors
    assert len(errors) == 20, "\n".join(map(str, errors))
    assert all(e.file and e.row is not None and e.column for e in errors)
    assert sorted((e.file, e.row, e.column) for e in errors) == sorted(
        (file, row, column) for file, row, column, _ in PLANTED
    )
    assert {e.value for e in errors} >= {"E99", "-3", "P97", "C9", "treasurer", "shire"}


def test_errors_come_back_file_by_file_in_row_order(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    for file, row, column, value in PLANTED:
        set_cell(folder, file, row, column, value)
    with pytest.raises(InvalidInstanceError) as info:
        load_programme(folder, NO_DATA_DIR)
    files = [e.file for e in info.value.errors]
    order = [
        "settings.csv",
        "councils.csv",
        "peers.csv",
        "unavailability.csv",
        "conflicts.csv",
        "challenges.csv",
        "seats.csv",
        "placements.csv",
    ]
    assert files == sorted(files, key=order.index)
    peer_rows = [e.row for e in info.value.errors if e.file == "peers.csv"]
    assert peer_rows == sorted(peer_rows)
