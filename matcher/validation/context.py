"""The solution indexed once, so every rule check is a linear pass (or close to it).

Assignments whose challenge, seat or peer does not exist are kept apart (H1 reports them)
because no other rule can be judged for them. Exact duplicate rows are collapsed here and
reported by H1, so that a repeated row does not also count twice toward a day cap. Rows
are sorted first, so the report never depends on the order the solver listed them in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from matcher.models import Assignment, Challenge, Council, Peer, Seat
from matcher.programme import Programme
from matcher.validation.report import Violation


@dataclass(frozen=True, slots=True)
class Placed:
    """An assignment whose challenge, seat and peer all exist, with those resolved."""

    row: Assignment
    peer: Peer
    seat: Seat
    challenge: Challenge

    @property
    def start(self) -> date:
        return self.row.start_date

    @property
    def key(self) -> tuple[str, str]:
        return self.row.challenge_id, self.row.seat_id


@dataclass
class Context:
    """The programme plus the solution grouped by seat, by challenge and by peer."""

    programme: Programme
    rows: list[Assignment]
    """Every distinct assignment row, sorted (resolvable or not)."""
    placed: list[Placed] = field(default_factory=list)
    duplicates: dict[Assignment, int] = field(default_factory=dict)
    by_seat: dict[tuple[str, str], list[Placed]] = field(default_factory=dict)
    by_challenge: dict[str, list[Placed]] = field(default_factory=dict)
    by_peer: dict[str, list[Placed]] = field(default_factory=dict)

    def council(self, code: str) -> Council:
        return self.programme.councils[code]

    def client(self, placed: Placed) -> Council:
        return self.programme.councils[placed.challenge.council]


def build_context(programme: Programme, assignments: Sequence[Assignment]) -> Context:
    """Collapse exact duplicate rows, resolve references and group the rest."""
    counts: dict[Assignment, int] = {}
    for row in assignments:
        counts[row] = counts.get(row, 0) + 1
    # Sorted rows make every check, message and the score independent of the row order
    # (score_solution keeps the last row it sees for an overfilled seat).
    ctx = Context(programme, sorted(counts, key=_row_key))
    ctx.duplicates = {row: n for row, n in counts.items() if n > 1}
    by_seat, by_challenge, by_peer = defaultdict(list), defaultdict(list), defaultdict(list)
    for row in ctx.rows:
        seat = programme.seat_by_key.get((row.challenge_id, row.seat_id))
        peer = programme.peer_by_id.get(row.peer_id)
        if seat is None or peer is None:
            continue
        placed = Placed(row, peer, seat, programme.challenge_by_id[row.challenge_id])
        ctx.placed.append(placed)
        by_seat[placed.key].append(placed)
        by_challenge[row.challenge_id].append(placed)
        by_peer[row.peer_id].append(placed)
    ctx.by_seat, ctx.by_challenge, ctx.by_peer = dict(by_seat), dict(by_challenge), dict(by_peer)
    return ctx


def _row_key(row: Assignment) -> tuple:
    return (
        row.challenge_id,
        row.seat_id,
        row.peer_id,
        row.start_date,
        row.end_date,
        row.reasons,
        row.points,
    )


def peer_label(peer: Peer) -> str:
    """How messages name a peer: 'Ada Synthetic (P1)'."""
    return f"{peer.name} ({peer.peer_id})"


def council_label(council: Council) -> str:
    return f"{council.name} ({council.ons_code})"


def where(placed: Placed) -> str:
    """'seat lead_member of CH1' for messages."""
    return f"seat {placed.row.seat_id} of {placed.row.challenge_id}"


def flag(code: str, placed: Placed, detail: str, message: str) -> Violation:
    """A violation about one placed peer: its challenge, seat and peer ids filled in."""
    row = placed.row
    return Violation(code, row.challenge_id, row.seat_id, row.peer_id, message, detail)
