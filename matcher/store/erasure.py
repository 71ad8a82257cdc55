"""Erasing a peer from the store (UK GDPR Art. 17): every row, JSON document and text.

The peer's own rows (peer, unavailability, conflicts, placements, the vetoes and requests
naming them) are deleted; their past placements in the history stay as the councils'
history, without the peer (peer_id emptied). Past runs stay readable: wherever a run
mentions the peer (its assignment rows, unfilled messages, and the JSON it keeps:
params, progress and summary, e.g. a what-if's `summary.personal.cap_exceptions`) the id
becomes one random placeholder and the peer's names become ERASED_NAME, so a seat still
shows as filled by the same anonymous person and nothing links the placeholder back to
them.

`scrub` is the one text/JSON rewriter; the service uses it for its own tables (workflow
notes, audit details) inside the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, delete, or_, select, update
from sqlalchemy.orm import Session

from matcher.store.tables import (
    ChallengePeerRow,
    ConflictRow,
    HistoryRow,
    PeerRow,
    PlacementRow,
    RunAssignmentRow,
    RunRow,
    RunUnfilledRow,
    UnavailabilityRow,
)

ERASED_NAME = "(erased)"


@dataclass
class Erasure:
    """What one erasure changed; `names` are the erased peer's names (for scrubbing)."""

    peer_id: str
    placeholder: str
    programmes: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return any(self.counts.values())

    def scrub(self, value: Any) -> Any:
        """`value` (text or JSON) with the id replaced and the names removed."""
        return scrub(value, self.peer_id, self.placeholder, self.names)


def _id_pattern(peer_id: str) -> re.Pattern[str]:
    """The id as a whole token (P1 must not match inside P10 or a longer id)."""
    return re.compile(rf"(?<![A-Za-z0-9_.-]){re.escape(peer_id)}(?![A-Za-z0-9_])")


def scrub(value: Any, peer_id: str, placeholder: str, names: list[str]) -> Any:
    """Replace `peer_id` by `placeholder` and each of `names` by ERASED_NAME, in text and
    recursively in JSON values and keys."""
    pattern = _id_pattern(peer_id)

    def text(item: str) -> str:
        item = pattern.sub(placeholder, item)
        for name in names:
            if name:
                item = item.replace(name, ERASED_NAME)
        return item

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return text(item)
        if isinstance(item, dict):
            return {text(k) if isinstance(k, str) else k: walk(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [walk(v) for v in item]
        return item

    return walk(value)


def erase_peer(
    session: Session,
    peer_id: str,
    placeholder: str,
    more: Callable[[Session, Erasure], dict[str, int]] | None = None,
) -> Erasure:
    """Erase `peer_id` from every store table in `session`; `more` erases the caller's own
    tables in the same transaction and returns its counts."""
    done = Erasure(peer_id, placeholder)
    done.programmes = sorted(
        set(session.scalars(select(PeerRow.programme_id).where(PeerRow.peer_id == peer_id)))
    )
    done.names = sorted(
        set(session.scalars(select(PeerRow.name).where(PeerRow.peer_id == peer_id))),
        key=len,
        reverse=True,  # longest first, so "Ada Lovelace" goes before "Ada"
    )
    for table in (ChallengePeerRow, UnavailabilityRow, ConflictRow, PlacementRow, PeerRow):
        done.counts[table.__tablename__] = session.execute(
            delete(table).where(table.peer_id == peer_id)
        ).rowcount
    done.counts["history"] = session.execute(  # the council's history stays, without them
        update(HistoryRow).where(HistoryRow.peer_id == peer_id).values(peer_id=None)
    ).rowcount
    done.counts["run_assignments"] = session.execute(
        update(RunAssignmentRow)
        .where(RunAssignmentRow.peer_id == peer_id)
        .values(peer_id=placeholder)
    ).rowcount
    done.counts["run_unfilled"] = scrub_table(
        session, done, RunUnfilledRow, ("message", "blocking")
    )
    done.counts["runs"] = scrub_table(session, done, RunRow, ("params", "progress", "summary"))
    if more is not None:
        done.counts |= more(session, done)
    return done


def _is_their_row(key: Any, value: Any, placeholder: str) -> bool:
    """A JSON row of the erased peer: keyed by a natural id that contains the placeholder
    (`P1`, `C1/seat/P1`, `P1/2024-06-01/...`), or a row or change entry naming it as its
    `peer_id` or `key`."""

    def names(text: Any) -> bool:
        return isinstance(text, str) and placeholder in text.split("/")

    if names(key):
        return True
    return isinstance(value, dict) and (
        value.get("peer_id") == placeholder or names(value.get("key"))
    )


def drop_their_rows(value: Any, placeholder: str) -> Any:
    """`value` (JSON, already scrubbed) without the erased peer's rows: a programme
    version's snapshot and change keep whole rows (equalities and party included), and an
    anonymous placeholder over such a row would still hold special category data."""
    if isinstance(value, dict):
        return {
            k: drop_their_rows(v, placeholder)
            for k, v in value.items()
            if not _is_their_row(k, v, placeholder)
        }
    if isinstance(value, list):
        return [
            drop_their_rows(v, placeholder)
            for v in value
            if not _is_their_row(None, v, placeholder)
        ]
    return value


def drop_rows_in(session: Session, done: Erasure, table, columns: tuple[str, ...]) -> int:
    """After `scrub_table`: remove the erased peer's whole rows from the JSON `columns`."""
    changed = 0
    for row in session.scalars(select(table)):
        touched = False
        for column in columns:
            before = getattr(row, column)
            after = drop_their_rows(before, done.placeholder)
            if after != before:
                setattr(row, column, after)
                touched = True
        changed += touched
    session.flush()
    return changed


def _mentions(column, done: Erasure):
    """A cheap SQL filter for rows whose column text holds the id or one of the names."""
    words = [done.peer_id, *(n for n in done.names if n)]
    return or_(*(cast(column, String).contains(word, autoescape=True) for word in words))


def scrub_table(session: Session, done: Erasure, table, columns: tuple[str, ...]) -> int:
    """Rewrite every row of `table` whose `columns` mention the peer; returns how many.
    Any table on the store's engine may be scrubbed (the service's own use it too)."""
    found = or_(*(_mentions(getattr(table, c), done) for c in columns))
    changed = 0
    for row in session.scalars(select(table).where(found)):
        for column in columns:
            before = getattr(row, column)
            after = done.scrub(before)
            if after != before:
                setattr(row, column, after)
        changed += 1
    session.flush()
    return changed
