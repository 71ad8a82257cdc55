"""A batch result as the files a manager opens: FORMAT.md tables, summary.json, a workbook.

`write_results` writes into one results folder:

- assignments.csv, unfilled.csv: FORMAT.md's answer tables, column for column (they load
  back with matcher.io.read_assignments and re-validate);
- utilisation.csv: days per peer for the programme's financial year (H4), kept out of
  summary.json so the JSON stays small at 10,000 peers;
- summary.json: the run's status, objective, bound, gap, counts, cost and utilisation
  aggregates;
- peermatch.xlsx: sheets teams, utilisation, unfilled and summary for people, not programs.

Nothing here holds equalities data (gender, ethnicity, disability: special category data,
DOMAIN.md): per-peer rows carry only ids, names, kinds, group offices and days.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from matcher.batch.job import BatchResult
from matcher.io import assignments_table, unfilled_table, write_tables, write_workbook
from matcher.models import Assignment, PeerKind, UnfilledSeat
from matcher.programme import Programme

WORKBOOK_NAME = "peermatch.xlsx"
UTILISATION_COLUMNS = [
    "peer_id",
    "kind",
    "group_office",
    "seats",
    "days_used_before",
    "days_added",
    "cap_days",
    "days_left",
]
TEAMS_COLUMNS = [
    "challenge_id",
    "council",
    "council_name",
    "paid_basis",
    "type",
    "start_date",
    "end_date",
    "seat_id",
    "seat_kind",
    "shadow",
    "status",
    "peer_id",
    "peer_name",
    "reasons",
    "points",
]
UNFILLED_LABEL = "UNFILLED"


def days_added(programme: Programme, assignments: list[Assignment]) -> Counter:
    """Days each peer is charged in the programme's financial year by the new seats (H4).

    Shadow seats count toward no cap, and seats starting in another financial year draw on
    that year's cap, not on the `days_used` this table reports against.
    """
    added: Counter = Counter()
    year = programme.financial_year
    for a in assignments:
        if programme.seat_by_key[(a.challenge_id, a.seat_id)].shadow:
            continue
        if programme.financial_year_of(a.start_date) == year:
            added[a.peer_id] += programme.challenge_by_id[a.challenge_id].charged_days
    return added


def utilisation_table(programme: Programme, assignments: list[Assignment]) -> pd.DataFrame:
    """One row per peer in the pool: seats in this plan (shadow seats included), days
    before, days this plan adds (shadow seats add none), cap and days left."""
    added = days_added(programme, assignments)
    seats = Counter(a.peer_id for a in assignments)
    rows = []
    for peer in programme.peers:
        cap = programme.cap_of(peer)
        before = programme.days_used_in(peer, programme.financial_year)
        office = peer.group_office.value if peer.group_office else ""
        rows.append(
            [
                peer.peer_id,
                peer.kind.value,
                office,
                seats[peer.peer_id],
                before,
                added[peer.peer_id],
                cap,
                cap - before - added[peer.peer_id],
            ]
        )
    return pd.DataFrame(rows, columns=UTILISATION_COLUMNS, dtype=object)


def peer_use_summary(utilisation: pd.DataFrame) -> dict[str, Any]:
    """Aggregates of the per-peer table for summary.json, by peer kind.

    A peer is used when they hold any seat of the plan (a shadow seat too), the same count
    as counts.peers_used, so members + officers always add up to it."""
    out: dict[str, Any] = {"table": "utilisation.csv"}
    for kind in PeerKind:
        rows = utilisation[utilisation["kind"] == kind.value]
        used = rows[rows["seats"] > 0]
        out[kind.value] = {
            "peers": len(rows),
            "peers_used": len(used),
            "days_added": int(rows["days_added"].sum()),
            "max_days_added": int(rows["days_added"].max()) if len(rows) else 0,
            "at_cap": int((rows["days_left"] <= 0).sum()),
        }
    return out


def summary_document(result: BatchResult, utilisation: pd.DataFrame) -> dict[str, Any]:
    """summary.json: the batch summary plus the per-peer utilisation aggregates."""
    document = dict(result.summary)
    document["utilisation_by_peer"] = peer_use_summary(utilisation)
    return document


def paid_basis_challenges(programme: Programme) -> list[str]:
    """Challenges at councils served on a paid-for basis (the Welsh councils)."""
    return [
        c.challenge_id for c in programme.challenges if programme.councils[c.council].paid_basis
    ]


def teams_table(
    programme: Programme,
    assignments: Sequence[Assignment],
    unfilled: Sequence[UnfilledSeat],
    missing_name: str = "",
) -> pd.DataFrame:
    """Every seat of every challenge in programme order, filled or marked UNFILLED.

    A peer no longer in the programme (erased since the run) shows as `missing_name`."""
    by_seat = {(a.challenge_id, a.seat_id): a for a in assignments}
    starts = {a.challenge_id: (a.start_date, a.end_date) for a in assignments}
    messages = {(u.challenge_id, u.seat_id): u.message for u in unfilled}
    rows = []
    for challenge in programme.challenges:
        council = programme.councils[challenge.council]
        start, end = starts.get(challenge.challenge_id, (None, None))
        for seat in programme.seats_by_challenge[challenge.challenge_id]:
            key = (seat.challenge_id, seat.seat_id)
            head = [
                challenge.challenge_id,
                council.ons_code,
                council.name,
                council.paid_basis,
                challenge.type.value,
                start,
                end,
                seat.seat_id,
                seat.kind.value,
                seat.shadow,
            ]
            if key in by_seat:
                a = by_seat[key]
                peer = programme.peer_by_id.get(a.peer_id)
                name = peer.name if peer else missing_name
                rows.append(head + ["filled", a.peer_id, name, a.reasons, a.points])
            else:
                rows.append(head + ["unfilled", "", UNFILLED_LABEL, messages.get(key, ""), None])
    return pd.DataFrame(rows, columns=TEAMS_COLUMNS, dtype=object)


def flatten(document: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested summary keys as dotted rows ('counts.filled'), for a two-column sheet."""
    rows: list[tuple[str, Any]] = []
    for key, value in document.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows.extend(flatten(value, name + "."))
        else:
            rows.append((name, value))
    return rows


def summary_sheet(document: Mapping[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(flatten(document), columns=["key", "value"], dtype=object)


def write_results(programme: Programme, result: BatchResult, out: Path) -> dict[str, Path]:
    """Write every result file into `out`; returns the paths by name.

    The workbook is built first beside `out`, the tables and JSON are then published by
    matcher.io.write_tables (all or nothing), and the workbook is renamed in last, so a
    failure at any step leaves no mix of new and half-written files.
    """
    out = Path(out)
    utilisation = utilisation_table(programme, result.assignments)
    document = summary_document(result, utilisation)
    document["paid_basis_challenges"] = paid_basis_challenges(programme)
    unfilled = unfilled_table(result.unfilled)
    tables = {
        "assignments": assignments_table(result.assignments),
        "unfilled": unfilled,
        "utilisation": utilisation,
    }
    teams = teams_table(programme, result.assignments, result.unfilled)
    sheets = {
        "teams": teams,
        "utilisation": utilisation,
        "unfilled": unfilled,
        "summary": summary_sheet(document),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as staging:
        book = write_workbook(sheets, Path(staging) / WORKBOOK_NAME)
        write_tables(tables, out, json_docs={"summary": document})
        os.replace(book, out / WORKBOOK_NAME)
    names = [*tables, "summary"]
    paths = {n: out / f"{n}.{'json' if n == 'summary' else 'csv'}" for n in names}
    return paths | {"workbook": out / WORKBOOK_NAME}
