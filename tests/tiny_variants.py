"""Variants of the tiny programme for tests that need one more thing to be true.

Every manual workflow step is checked against the hard rules (issue 12), so the peer's-year
tests, which walk peers through the workflow on C1 and C3 to see messages, calendars and
feedback, need a tiny programme where those steps are lawful:
- P1's June holiday is gone (it overlaps C1's onsite days: H3);
- P2's declared conflict with Gamma, C1's client, is gone (H5);
- P6 lives in Beta, not Epsilon, so P6 and P1 can share C1's team (H8);
- P7 also holds `transformation`, a tag C1's finance officer seat accepts (H1);
- C3 (the progress review) has one allowed start, so a proposal needs no start date.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from paths import TINY_PROGRAMME


def _edit(path: Path, key: str, change) -> None:
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0]) if rows else []
    kept = [row for row in (change(row) if row[key] else row for row in rows) if row]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)


def _peer(row: dict) -> dict:
    if row["peer_id"] == "P6":
        row["home_council"] = "E07000002"
    if row["peer_id"] == "P7":
        row["tags"] += ";transformation"
    return row


def _challenge(row: dict) -> dict:
    if row["challenge_id"] == "C3":
        row["latest_start"] = row["earliest_start"]
    return row


def tiny_for_workflow(folder: Path) -> Path:
    """A copy of the tiny programme in `folder` where the peer's-year steps are lawful."""
    shutil.copytree(TINY_PROGRAMME, folder)
    _edit(
        folder / "unavailability.csv",
        "peer_id",
        lambda row: None if (row["peer_id"], row["from_date"]) == ("P1", "2024-06-01") else row,
    )
    _edit(
        folder / "conflicts.csv",
        "peer_id",
        lambda row: None if (row["peer_id"], row["ons_code"]) == ("P2", "E06000001") else row,
    )
    _edit(folder / "peers.csv", "peer_id", _peer)
    _edit(folder / "challenges.csv", "challenge_id", _challenge)
    return folder
