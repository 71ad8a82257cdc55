"""Issue 14: generated malformed programme folders (hypothesis) always give a clean
answer: the loader raises InvalidInstanceError whose every error names its file (and its
row where it is about a row), the service answers 422 and stores nothing, the command
line fails without a traceback. Nothing else (no other exception, no 500)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from folder_edits import NO_DATA_DIR, read_rows, write_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_helpers import PEERMATCH, TINY

from matcher.io import InvalidInstanceError, load_programme

TYPED = {
    "peers.csv": [
        "peer_id",
        "kind",
        "party",
        "home_council",
        "lead_peer",
        "trained_on",
        "days_used",
    ],
    "challenges.csv": [
        "challenge_id",
        "council",
        "type",
        "onsite_days",
        "earliest_start",
        "requests",
    ],
    "seats.csv": ["challenge_id", "seat_id", "kind", "lead_required"],
}
"""Columns where any text starting with '?' is invalid (ids, enums, dates, numbers)."""
REQUIRED = {"peer_id", "kind", "home_council", "challenge_id", "council", "type", "seat_id"}
"""Columns whose loss makes a table unreadable (optional ones may be dropped validly)."""

junk = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30).map(
    lambda text: "?" + text
)


@st.composite
def mutation(draw):
    file = draw(st.sampled_from(sorted(TYPED)))
    kind = draw(st.sampled_from(["cell", "drop_column", "ragged", "bad_bytes", "empty"]))
    return file, kind, draw(st.sampled_from(TYPED[file])), draw(junk), draw(st.integers(0, 50))


def malformed(folder: Path, mutations: list) -> None:
    for file, kind, column, text, seed in mutations:
        path = folder / file
        if kind == "bad_bytes":
            data = bytearray(path.read_bytes()) or bytearray(b"x")
            data[(len(data) // 2 + seed % 7) % len(data)] = 0xFF
            path.write_bytes(bytes(data))
            continue
        if kind == "empty":
            path.write_bytes(b"")
            continue
        try:
            rows = read_rows(folder, file)
        except UnicodeDecodeError:
            continue  # already broken by an earlier mutation
        if not rows or column not in rows[0]:
            continue
        at = rows[0].index(column)
        if kind == "cell" and len(rows) > 1:
            rows[1 + seed % (len(rows) - 1)][at] = text
        elif kind == "drop_column" and column in REQUIRED:
            rows = [row[:at] + row[at + 1 :] for row in rows]
        elif kind == "drop_column":
            rows[1][at] = text
        else:  # ragged: a row with more filled cells than the header names
            rows.append(rows[-1] + ["extra", text])
        write_rows(folder, file, rows)


def _check_errors(errors) -> None:
    assert errors, "an invalid folder must report at least one error"
    for error in errors:
        assert error.file and error.message
        if error.value is not None and error.column is not None:
            assert error.row is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_malformed_folders_give_named_errors_only(mutations):
    with tempfile.TemporaryDirectory() as work:
        folder = Path(shutil.copytree(TINY, Path(work) / "programme"))
        malformed(folder, mutations)
        with pytest.raises(InvalidInstanceError) as info:
            load_programme(folder, NO_DATA_DIR)
        _check_errors(info.value.errors)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_malformed_uploads_are_422_and_store_nothing(client, keys, mutations):
    with tempfile.TemporaryDirectory() as work:
        folder = Path(shutil.copytree(TINY, Path(work) / "programme"))
        malformed(folder, mutations)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, path.name)
    answer = client.post(
        "/programmes", files={"file": ("p.zip", buffer.getvalue())}, headers=keys["manager"]
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] and all(e["file"] for e in answer.json()["errors"])
    assert client.get("/programmes", headers=keys["manager"]).json() == []


def test_the_command_line_fails_cleanly_on_a_malformed_folder(tmp_path):
    folder = Path(shutil.copytree(TINY, tmp_path / "programme"))
    malformed(
        folder,
        [("peers.csv", "cell", "kind", "?wizard", 0), ("seats.csv", "ragged", "kind", "?x", 0)],
    )
    done = subprocess.run(
        [str(PEERMATCH), "check", str(folder)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert "peers.csv" in done.stdout + done.stderr
