"""A batch result as the files a manager opens: docs/format.md tables, summary.json, a workbook.

`write_results` writes into one results folder:

- assignments.csv, unfilled.csv: docs/format.md's answer tables, column for column (they load
  back with matcher.io.read_assignments and re-validate);
- utilisation.csv: days per peer for the programme's financial year (H4), kept out of
  summary.json so the JSON stays small at 10,000 peers;
- summary.json: the run's status, objective, bound, gap, counts, cost and utilisation
  aggregates;
- peermatch.xlsx: for people, not programs: About, Summary (in words), Teams, Unfilled and
  Utilisation, with names beside ids (matcher.batch.workbook).

Nothing here holds equalities data (gender, ethnicity, disability: special category data,
DOMAIN.md): per-peer rows carry only ids, names, kinds, group offices and days.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from matcher.batch.job import BatchResult
from matcher.batch.reason_words import reason_sentence
from matcher.batch.summary_words import summary_sentences
from matcher.batch.workbook import write_people_workbook
from matcher.io import assignments_table, unfilled_table, write_tables
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


def people_sheets(
    programme: Programme,
    assignments: Sequence[Assignment],
    unfilled_seats: Sequence[UnfilledSeat],
    document: Mapping[str, Any],
    missing_name: str = "",
) -> dict[str, pd.DataFrame]:
    """The workbook's tables: names beside ids, reasons as sentences with the rule codes in
    their own column, the summary in words (the internals stay in summary.json). A peer no
    longer in the programme (erased) shows as `missing_name`."""
    teams = teams_table(programme, assignments, unfilled_seats, missing_name)
    words = [
        reason_sentence(r) if s == "filled" else (r, "")
        for r, s in zip(teams["reasons"], teams["status"], strict=True)
    ]
    teams = teams.drop(columns=["reasons"])
    teams.insert(teams.columns.get_loc("points"), "why", [w[0] for w in words])
    teams.insert(teams.columns.get_loc("points"), "rules", [w[1] for w in words])
    names = {p.peer_id: p.name for p in programme.peers}
    use = utilisation_table(programme, list(assignments))
    use.insert(1, "name", [names.get(i, missing_name) for i in use["peer_id"]])
    unfilled = unfilled_table(unfilled_seats)
    councils = [
        programme.councils[programme.challenge_by_id[c].council].name
        for c in unfilled["challenge_id"]
    ]
    unfilled.insert(1, "council_name", councils)
    words = summary_sentences(document) if document.get("counts") else []
    sentences = pd.DataFrame({"summary": words}, dtype=object)
    return {"Summary": sentences, "Teams": teams, "Unfilled": unfilled, "Utilisation": use}


def about_rows(programme: Programme, document: Mapping[str, Any], about: Mapping[str, str]):
    """The About sheet: what this is, which programme and run, when, how to read it."""
    year = programme.financial_year
    return [
        (
            "What this is",
            "A peermatch plan: a team and a start date for every peer challenge "
            "of the programme, checked against the LGA's hard rules H1-H8 (peermatch rules).",
        ),
        (
            "Programme",
            f"{about.get('programme', '')} (financial year {year}/{(year + 1) % 100:02d}, "
            f"{len(programme.challenges):,} challenges, {len(programme.peers):,} peers)",
        ),
        ("Run", about.get("run", "not stored")),
        ("Written", datetime.now(UTC).strftime("%d %B %Y %H:%M UTC")),
        ("In short", " ".join(summary_sentences(document)) if document.get("counts") else ""),
        ("Summary", "The plan in a few sentences."),
        (
            "Teams",
            "One row per seat: the challenge, its council (paid_basis Yes: a Welsh "
            "council, served on a paid-for basis), dates, the peer, why they qualify and the "
            "rule codes, and their soft-goal points (fewer is better). Unfilled seats say why.",
        ),
        (
            "Unfilled",
            "Seats no eligible peer could take; blocking counts peers excluded per "
            "rule (e.g. H4:4 = four peers over their day cap).",
        ),
        (
            "Utilisation",
            "One row per peer: seats in this plan, days used before, days added "
            "(shadow seats add none), cap and days left.",
        ),
        ("Rules", "H1-H8 are never broken; S1-S8 are weighed. peermatch rules lists them."),
    ]


def write_results(
    programme: Programme,
    result: BatchResult,
    out: Path,
    about: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write every result file into `out`; returns the paths by name.

    `about` names the programme and the run for the workbook's About sheet. The workbook
    is built first beside `out`, the tables and JSON are then published by
    matcher.io.write_tables (all or nothing), and the workbook is renamed in last, so a
    failure at any step leaves no mix of new and half-written files.
    """
    out = Path(out)
    utilisation = utilisation_table(programme, result.assignments)
    document = summary_document(result, utilisation)
    document["paid_basis_challenges"] = paid_basis_challenges(programme)
    tables = {
        "assignments": assignments_table(result.assignments),
        "unfilled": unfilled_table(result.unfilled),
        "utilisation": utilisation,
    }
    sheets = people_sheets(programme, result.assignments, result.unfilled, document)
    rows = about_rows(programme, document, about or {})
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as staging:
        book = write_people_workbook(Path(staging) / WORKBOOK_NAME, rows, sheets)
        write_tables(tables, out, json_docs={"summary": document})
        os.replace(book, out / WORKBOOK_NAME)
    names = [*tables, "summary"]
    paths = {n: out / f"{n}.{'json' if n == 'summary' else 'csv'}" for n in names}
    return paths | {"workbook": out / WORKBOOK_NAME}
