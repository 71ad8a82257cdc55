"""A stored run as files: FORMAT.md's CSV tables, or a workbook for people.

Built from the store on request (nothing is kept on the server's disk, so erasure has
no stray files to chase). Seats held by an erased peer show their anonymous placeholder
and the name "(erased)".
"""

from __future__ import annotations

import io
import tempfile
from enum import StrEnum
from pathlib import Path

import pandas as pd

from matcher.io import assignments_table, unfilled_table, write_workbook
from matcher.models import Assignment, UnfilledSeat
from matcher.outputs import TEAMS_COLUMNS, UNFILLED_LABEL, summary_sheet, utilisation_table
from matcher.programme import Programme

ERASED_NAME = "(erased)"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportTable(StrEnum):
    ASSIGNMENTS = "assignments"
    UNFILLED = "unfilled"
    UTILISATION = "utilisation"
    TEAMS = "teams"


def teams_frame(programme: Programme, assignments: list[Assignment],
                unfilled: list[UnfilledSeat]) -> pd.DataFrame:
    """Every seat in programme order, filled or UNFILLED (as matcher.outputs.teams_table,
    but tolerant of peers erased since the run)."""
    by_seat = {(a.challenge_id, a.seat_id): a for a in assignments}
    starts = {a.challenge_id: (a.start_date, a.end_date) for a in assignments}
    messages = {(u.challenge_id, u.seat_id): u.message for u in unfilled}
    rows = []
    for challenge in programme.challenges:
        council = programme.councils[challenge.council]
        start, end = starts.get(challenge.challenge_id, (None, None))
        for seat in programme.seats_by_challenge[challenge.challenge_id]:
            key = (seat.challenge_id, seat.seat_id)
            head = [challenge.challenge_id, council.ons_code, council.name, challenge.type.value,
                    start, end, seat.seat_id, seat.kind.value, seat.shadow]
            if key in by_seat:
                a = by_seat[key]
                peer = programme.peer_by_id.get(a.peer_id)
                name = peer.name if peer else ERASED_NAME
                rows.append(head + ["filled", a.peer_id, name, a.reasons, a.points])
            else:
                rows.append(head + ["unfilled", "", UNFILLED_LABEL, messages.get(key, ""), None])
    return pd.DataFrame(rows, columns=TEAMS_COLUMNS, dtype=object)


def tables(programme: Programme, assignments: list[Assignment],
           unfilled: list[UnfilledSeat]) -> dict[ExportTable, pd.DataFrame]:
    return {
        ExportTable.ASSIGNMENTS: assignments_table(assignments),
        ExportTable.UNFILLED: unfilled_table(unfilled),
        ExportTable.UTILISATION: utilisation_table(programme, assignments),
        ExportTable.TEAMS: teams_frame(programme, assignments, unfilled),
    }


def csv_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def workbook_bytes(programme: Programme, assignments: list[Assignment],
                   unfilled: list[UnfilledSeat], summary: dict | None) -> bytes:
    """teams, assignments, unfilled, utilisation and summary sheets in one .xlsx."""
    sheets = {name.value: frame for name, frame in
              tables(programme, assignments, unfilled).items()}
    sheets = {"teams": sheets.pop("teams"), **sheets,
              "summary": summary_sheet(summary or {})}
    with tempfile.TemporaryDirectory(prefix="peermatch-export-") as folder:
        path = write_workbook(sheets, Path(folder) / "run.xlsx")
        return path.read_bytes()
