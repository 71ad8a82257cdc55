"""H1 seats and H2 one seat each: who sits where, and which seats stay empty."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from matcher.models import Assignment, PlacementStatus
from matcher.validation.context import Context, Placed, flag, peer_label, where
from matcher.validation.report import Violation


def check_references(ctx: Context) -> Iterator[Violation]:
    """H1: every seat gets exactly one peer (an answer row must name a real seat and peer).

    Also reports exact duplicate rows: a seat listed twice for one peer is not "one peer".
    """
    programme = ctx.programme
    for row in ctx.rows:
        if (row.challenge_id, row.seat_id) not in programme.seat_by_key:
            yield _row_violation(
                row,
                "unknown_seat",
                f"H1: seat {row.seat_id} of challenge "
                f"{row.challenge_id} does not exist in the programme.",
            )
        if row.peer_id not in programme.peer_by_id:
            yield _row_violation(
                row,
                "unknown_peer",
                f"H1: peer {row.peer_id} in seat "
                f"{row.seat_id} of {row.challenge_id} is not in the pool.",
            )
    for row, count in ctx.duplicates.items():
        yield _row_violation(
            row,
            "duplicate",
            f"H1: the assignment of {row.peer_id} to seat "
            f"{row.seat_id} of {row.challenge_id} is listed {count} times.",
        )


def _row_violation(row: Assignment, detail: str, message: str) -> Violation:
    return Violation("H1", row.challenge_id, row.seat_id, row.peer_id, message, detail)


def check_seat_fit(ctx: Context) -> Iterator[Violation]:
    """H1: every seat gets a peer of the right kind holding at least one required tag.

    A seat that needs a lead peer takes only an accredited lead peer.
    """
    for placed in ctx.placed:
        peer, seat = placed.peer, placed.seat
        if peer.kind is not seat.kind:
            yield flag(
                "H1",
                placed,
                "kind",
                f"H1: {peer_label(peer)} is a {peer.kind.value} "
                f"peer but {where(placed)} is for a {seat.kind.value} peer.",
            )
        if seat.required_tags and not peer.tags & seat.required_tags:
            needed = ", ".join(sorted(seat.required_tags))
            yield flag(
                "H1",
                placed,
                "tags",
                f"H1: {peer_label(peer)} holds none of the tags "
                f"{where(placed)} requires ({needed}).",
            )
        if seat.lead_required and not peer.lead_peer:
            yield flag(
                "H1",
                placed,
                "lead",
                f"H1: {where(placed)} needs a lead peer and {peer_label(peer)} is not one.",
            )


def check_occupancy(ctx: Context) -> Iterator[Violation]:
    """H1: every seat gets exactly one peer, or is reported unfilled (only in partial mode).

    Shadow seats are optional and may stay empty in any mode.
    """
    for key, placed in ctx.by_seat.items():
        listed = Counter(p.row.peer_id for p in placed)
        peers = sorted(listed)
        for peer_id in peers:
            if listed[peer_id] > 1:  # exact duplicates were collapsed: these rows differ
                yield Violation(
                    "H1",
                    key[0],
                    key[1],
                    peer_id,
                    f"H1: {peer_id} is listed "
                    f"{listed[peer_id]} times in seat {key[1]} of {key[0]}, with "
                    "different details.",
                    "duplicate",
                )
        for extra in peers[1:]:
            yield Violation(
                "H1",
                key[0],
                key[1],
                extra,
                f"H1: seat {key[1]} of {key[0]} has "
                f"{len(peers)} peers ({', '.join(peers)}); it takes exactly one.",
                "overfilled",
            )
    if ctx.programme.settings.allow_partial:
        return
    for seat in ctx.programme.all_seats:
        if not seat.shadow and (seat.challenge_id, seat.seat_id) not in ctx.by_seat:
            yield Violation(
                "H1",
                seat.challenge_id,
                seat.seat_id,
                None,
                f"H1: seat "
                f"{seat.seat_id} of {seat.challenge_id} is empty and partial teams "
                "are not allowed.",
                "unfilled",
            )


def check_confirmed(ctx: Context) -> Iterator[Violation]:
    """H1: confirmed placements must appear unchanged in every answer."""
    confirmed = [p for p in ctx.programme.placements if p.status is PlacementStatus.CONFIRMED]
    if not confirmed:
        return
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    seats_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in ctx.rows:
        holders[(row.challenge_id, row.seat_id)].add(row.peer_id)
        seats_of[(row.challenge_id, row.peer_id)].add(row.seat_id)
    for p in confirmed:
        held_by = holders.get((p.challenge_id, p.seat_id), set())
        if p.peer_id in held_by:
            continue
        moved_to = sorted(seats_of.get((p.challenge_id, p.peer_id), set()))
        if held_by:
            change = f"the seat is held by {', '.join(sorted(held_by))} instead"
        elif moved_to:
            change = f"the peer sits in {', '.join(moved_to)} instead"
        else:
            change = "neither appears in the answer"
        yield Violation(
            "H1",
            p.challenge_id,
            p.seat_id,
            p.peer_id,
            f"H1: the confirmed "
            f"placement of {p.peer_id} in seat {p.seat_id} of {p.challenge_id} was "
            f"not kept: {change}.",
            "confirmed",
        )


def check_one_seat_each(ctx: Context) -> Iterator[Violation]:
    """H2: a peer holds at most one seat per challenge."""
    seats: dict[tuple[str, str], list[Placed]] = defaultdict(list)
    for placed in ctx.placed:
        seats[(placed.row.challenge_id, placed.row.peer_id)].append(placed)
    for (challenge_id, _), held in seats.items():
        seat_ids = sorted({p.row.seat_id for p in held})
        if len(seat_ids) < 2:
            continue
        for placed in held:
            if placed.row.seat_id != seat_ids[0]:
                yield flag(
                    "H2",
                    placed,
                    "",
                    f"H2: {peer_label(placed.peer)} holds "
                    f"{len(seat_ids)} seats on {challenge_id} "
                    f"({', '.join(seat_ids)}); a peer takes one seat per challenge.",
                )
