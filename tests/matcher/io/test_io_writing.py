"""write_tables (job outputs, all or nothing), read_assignments, and load speed at scale."""

from __future__ import annotations

import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import matcher.io.writing as writing
from matcher.io import (
    InvalidInstanceError,
    assignments_table,
    load_programme,
    read_assignments,
    write_tables,
)
from matcher.io.reading import reference_councils
from matcher.models import Assignment
from matcher.settings import AppSettings

ASSIGNMENT = Assignment(
    challenge_id="C1",
    seat_id="lead_officer",
    peer_id="P4",
    start_date=date(2024, 6, 10),
    end_date=date(2024, 6, 13),
    reasons="H1:chief_executive;H6",
    points=12,
)


def _outputs() -> dict[str, pd.DataFrame]:
    unfilled = pd.DataFrame(
        [
            {
                "challenge_id": "C2",
                "seat_id": "member_finance",
                "blocking": "H4:4;H5:3",
                "message": "no one",
                "partial": True,
                "week": pd.Timestamp("2024-07-01"),
                "peers": np.int64(3),
            }
        ]
    )
    return {"assignments": assignments_table([ASSIGNMENT]), "unfilled": unfilled}


def _leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.endswith(".tmp")]


def test_write_tables_writes_csvs_workbook_and_json(tmp_path: Path) -> None:
    out = write_tables(
        _outputs(),
        tmp_path / "run",
        xlsx_name="run.xlsx",
        json_docs={"summary": {"status": "optimal", "gap": 0.0, "day": date(2024, 6, 10)}},
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "assignments.csv",
        "run.xlsx",
        "summary.json",
        "unfilled.csv",
    ]
    assert (out / "unfilled.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "C2,member_finance,H4:4;H5:3,no one,true,2024-07-01,3"
    )
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary == {"status": "optimal", "gap": 0.0, "day": "2024-06-10"}
    book = openpyxl.load_workbook(out / "run.xlsx")
    assert book.sheetnames == ["assignments", "unfilled"]
    assert [c.value for c in book["unfilled"][2]][4:] == ["true", "2024-07-01", 3]
    assert read_assignments(out / "assignments.csv") == [ASSIGNMENT]
    assert read_assignments(out / "run.xlsx") == [ASSIGNMENT]
    assert _leftovers(tmp_path) == []


def test_write_tables_replaces_files_in_an_existing_folder(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / "assignments.csv").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_tables(_outputs(), out)
    assert read_assignments(out / "assignments.csv") == [ASSIGNMENT]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("exists", [True, False])
def test_a_failed_write_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch, exists: bool
) -> None:
    out = tmp_path / "run"
    if exists:
        out.mkdir()
        (out / "assignments.csv").write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(writing, "write_workbook", fail)
    with pytest.raises(OSError, match="disk full"):
        write_tables(_outputs(), out, xlsx_name="run.xlsx")
    if exists:
        assert [p.name for p in out.iterdir()] == ["assignments.csv"]
        assert (out / "assignments.csv").read_text(encoding="utf-8") == "old"
    else:
        assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_read_assignments_defaults_reasons_and_points(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "challenge_id,seat_id,peer_id,start_date,end_date\n"
        "C1,lead_officer,P4,2024-06-10,2024-06-13\n",
        encoding="utf-8",
    )
    (row,) = read_assignments(path)
    assert row.reasons == "" and row.points == 0 and row.end_date == date(2024, 6, 13)


def test_read_assignments_reports_every_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "challenge_id,seat_id,peer_id,start_date,end_date,points\n"
        "C1,lead_officer,P4,2024-06-10,2024-06-13,3\n"
        "C1,lead_member,,2024-06-10,2024-06-13,\n"
        "C2,lead_officer,P5,2024-07-01,2024-06-30,\n"
        "C3,lead_officer,P4,06/01/2025,2025-01-07,x\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInstanceError) as info:
        read_assignments(path)
    where = sorted((e.row, e.column) for e in info.value.errors)
    assert where == [(3, "peer_id"), (4, "end_date"), (5, "points"), (5, "start_date")]
    assert all(e.file == "a.csv" for e in info.value.errors)


def test_read_assignments_needs_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("challenge_id,seat_id,peer_id\nC1,lead_officer,P4\n", encoding="utf-8")
    with pytest.raises(InvalidInstanceError) as info:
        read_assignments(path)
    assert sorted(e.column for e in info.value.errors) == ["end_date", "start_date"]


def _big_folder(folder: Path, peers: int, challenges: int) -> None:
    """A synthetic programme on the real councils, written straight to CSV."""
    rng = random.Random(7)
    codes = reference_councils(AppSettings().data_dir).codes
    tags = [
        "leader",
        "cabinet_finance",
        "chief_executive",
        "s151",
        "monitoring_officer",
        "democratic_services",
        "children",
        "adults",
        "housing",
        "transformation",
    ]
    folder.mkdir()
    members = [rng.random() < 0.5 for _ in range(peers)]
    pd.DataFrame(
        {
            "peer_id": [f"P{i:05d}" for i in range(peers)],
            "name": "Synthetic Peer",
            "kind": ["member" if m else "officer" for m in members],
            "party": [rng.choice(["con", "lab", "ld", "ind"]) if m else "" for m in members],
            "home_council": [rng.choice(codes) for _ in range(peers)],
            "tags": [";".join(rng.sample(tags, 3)) for _ in range(peers)],
            "lead_peer": [rng.choice(["true", "false"]) for _ in range(peers)],
            "trained_on": [
                str(date(2022, 1, 3) + timedelta(rng.randrange(600))) for _ in range(peers)
            ],
            "days_used": [str(rng.randrange(20)) for _ in range(peers)],
        }
    ).to_csv(folder / "peers.csv", index=False)
    starts = [date(2024, 4, 1) + timedelta(7 * rng.randrange(50)) for _ in range(challenges)]
    pd.DataFrame(
        {
            "challenge_id": [f"C{i:04d}" for i in range(challenges)],
            "council": [rng.choice(codes) for _ in range(challenges)],
            "type": [rng.choice(["cpc", "finance", "governance"]) for _ in range(challenges)],
            "onsite_days": "4",
            "charged_days": "7",
            "earliest_start": [str(s) for s in starts],
            "latest_start": [str(s + timedelta(14)) for s in starts],
            "vetoes": [f"P{rng.randrange(peers):05d}" for _ in range(challenges)],
        }
    ).to_csv(folder / "challenges.csv", index=False)
    pd.DataFrame(
        {
            "peer_id": [f"P{rng.randrange(peers):05d}" for _ in range(2 * peers)],
            "from_date": "2024-08-01",
            "to_date": "2024-08-14",
        }
    ).to_csv(folder / "unavailability.csv", index=False)


@pytest.mark.slow
def test_ten_thousand_peers_load_in_a_couple_of_seconds(tmp_path: Path) -> None:
    _big_folder(tmp_path / "big", peers=10_000, challenges=1_500)
    started = time.perf_counter()
    programme = load_programme(tmp_path / "big", AppSettings().data_dir)
    elapsed = time.perf_counter() - started
    assert len(programme.peers) == 10_000 and len(programme.challenges) == 1_500
    assert len(programme.unavailability) == 20_000
    assert elapsed < 3.0, f"load took {elapsed:.2f}s"
