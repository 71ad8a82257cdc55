"""Issue 14 defects 3 and 7 at load: ids keep to a safe character set (they appear in web
addresses); names are required, bounded and free of control characters."""

from __future__ import annotations

import pytest
from folder_edits import NO_DATA_DIR, load_errors, set_cell, tiny_copy

from matcher.io import load_programme
from matcher.io.cells import MAX_NAME_CHARS


@pytest.mark.parametrize("peer_id", ["../../../health", "P 1", "P/1", "-P1", ".P1", "x" * 65])
def test_unsafe_ids_are_named_errors(tmp_path, peer_id):
    folder = tiny_copy(tmp_path)
    set_cell(folder, "peers.csv", 2, "peer_id", peer_id)
    errors = load_errors(folder)
    hit = [e for e in errors if e.file == "peers.csv" and e.row == 2 and e.column == "peer_id"]
    assert hit and "web addresses" in hit[0].message


def test_an_unsafe_id_in_a_request_list_is_named(tmp_path):
    folder = tiny_copy(tmp_path)
    set_cell(folder, "challenges.csv", 2, "requests", "P1;../x")
    hit = [e for e in load_errors(folder) if e.column == "requests"]
    assert hit and hit[0].file == "challenges.csv" and hit[0].row == 2


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "required"),
        ("Ada\x00Lovelace", "control character"),
        ("A" * (MAX_NAME_CHARS + 1), f"longer than {MAX_NAME_CHARS}"),
    ],
)
def test_bad_names_are_named_errors(tmp_path, name, words):
    folder = tiny_copy(tmp_path)
    set_cell(folder, "peers.csv", 3, "name", name)
    hit = [e for e in load_errors(folder) if e.column == "name"]
    assert hit and hit[0].row == 3 and words in hit[0].message


def test_safe_ids_and_ordinary_names_load(tmp_path):
    folder = tiny_copy(tmp_path)
    set_cell(folder, "peers.csv", 2, "name", "Zoë O'Brien-Smith")
    assert load_programme(folder, NO_DATA_DIR).peers[0].name == "Zoë O'Brien-Smith"
