"""Checks across rows and files: duplicate ids, dangling references and impossible rows.

Each check names the rule that makes the value wrong, so the manager knows why it matters.
They read the parsed columns rather than the built models so that a row with one bad cell
still counts as existing for the others (no cascades of "unknown peer" errors).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from matcher.io.errors import LoadError
from matcher.io.parsing import ParsedTable
from matcher.models import PeerKind


def _cells(values: Any) -> Iterable[str]:
    """The ids in one cell: a list column's items, or the single id."""
    if values is None:
        return ()
    return values if isinstance(values, tuple) else (values,)


def known_ids(table: ParsedTable, column: str) -> set[str]:
    """Every id written in `column`, whether or not the row has other errors."""
    return {cell for cell in table.text.get(column, ()) if cell}


def check_unique(table: ParsedTable, columns: tuple[str, ...], errors: list[LoadError]) -> None:
    """Ids are unique: a second row with the same key would silently shadow the first."""
    if not all(c in table.text for c in columns):
        return
    first: dict[tuple[str, ...], int] = {}
    keys = zip(*(table.text[c] for c in columns), strict=True)
    for position, key in enumerate(keys):
        if not all(key):
            continue
        if key in first:
            shown = ", ".join(f"{c}={k!r}" for c, k in zip(columns, key, strict=True))
            errors.append(
                table.error(
                    position,
                    columns[-1],
                    f"duplicate {shown} (first on row {table.rows[first[key]]})",
                )
            )
        else:
            first[key] = position


def check_references(
    table: ParsedTable, column: str, known: set[str], what: str, why: str, errors: list[LoadError]
) -> None:
    """Every id in `column` (or each item of a list column) exists in `known`."""
    for position, cell in enumerate(table.column(column)):
        for ident in _cells(cell):
            if ident not in known:
                errors.append(
                    table.error(position, column, f"unknown {what} {ident!r} ({why})", value=ident)
                )


def check_order(
    table: ParsedTable, first: str, last: str, why: str, errors: list[LoadError]
) -> None:
    """`last` is not before `first` in any row (both present and well-formed)."""
    for position, (a, b) in enumerate(zip(table.column(first), table.column(last), strict=True)):
        if a is not None and b is not None and b < a:
            errors.append(table.error(position, last, f"{last} {b} before {first} {a} ({why})"))


def check_windows_hold_a_monday(challenges: ParsedTable, errors: list[LoadError]) -> None:
    """A start window wider than one day must contain a Monday (batch starts are Mondays)."""
    columns = zip(
        challenges.column("earliest_start"), challenges.column("latest_start"), strict=True
    )
    for position, (first, last) in enumerate(columns):
        if first is None or last is None or last <= first:
            continue
        if (last - first).days < 6 and not any(
            (first.weekday() + k) % 7 == 0 for k in range((last - first).days + 1)
        ):
            errors.append(
                challenges.error(
                    position,
                    "latest_start",
                    f"the window {first} to {last} holds no Monday, so "
                    "the team has no allowed start (starts are Mondays)",
                )
            )


def check_peer_parties(peers: ParsedTable, errors: list[LoadError]) -> None:
    """H7/S4: member peers carry a party (their group office); officer peers carry none."""
    kinds = peers.column("kind")
    if "party" not in peers.text:
        if PeerKind.MEMBER in kinds:
            errors.append(
                LoadError(
                    file=peers.label,
                    column="party",
                    message="missing column 'party': member peers need one (H7, S4 group office)",
                )
            )
        return
    columns = zip(kinds, peers.column("party"), peers.text["party"], strict=True)
    for position, (kind, party, text) in enumerate(columns):
        if kind is PeerKind.OFFICER and party is not None:
            errors.append(
                peers.error(
                    position,
                    "party",
                    "an officer peer has no party "
                    "(parties are for member peers: H7, S4 group office)",
                )
            )
        elif kind is PeerKind.MEMBER and not text:
            errors.append(
                peers.error(
                    position,
                    "party",
                    "a member peer needs a party (H7 party balance, S4 group office)",
                )
            )


def pool_profile(peers: ParsedTable) -> dict[tuple[PeerKind, bool], set[str]]:
    """(kind, lead only?) -> tags held in the pool; '' marks that such a peer exists at all."""
    profile: dict[tuple[PeerKind, bool], set[str]] = {
        (kind, lead): set() for kind in PeerKind for lead in (False, True)
    }
    columns = zip(
        peers.column("kind"), peers.column("tags"), peers.column("lead_peer"), strict=True
    )
    for kind, tags, lead in columns:
        if kind is None:
            continue
        held = {"", *(tags or ())}
        profile[kind, False] |= held
        if lead:
            profile[kind, True] |= held
    return profile


def check_seat_party_rules(seats: ParsedTable, errors: list[LoadError]) -> None:
    """H7: party rules choose between councillors, so only member seats carry one."""
    for position, (kind, party_rule) in enumerate(
        zip(seats.column("kind"), seats.column("party_rule"), strict=True)
    ):
        if kind is PeerKind.OFFICER and party_rule:
            errors.append(
                seats.error(
                    position,
                    "party_rule",
                    "party_rule on an officer seat (H7 party rules apply to member seats only)",
                )
            )


def check_shadow_seats(seats: ParsedTable, errors: list[LoadError]) -> None:
    """H1/H6: a shadow seat is an unpaid extra place for a member peer (the pilot agreed
    with the group offices), never an officer seat."""
    for position, (kind, shadow) in enumerate(
        zip(seats.column("kind"), seats.column("shadow"), strict=True)
    ):
        if kind is PeerKind.OFFICER and shadow:
            errors.append(
                seats.error(
                    position, "shadow", "a shadow seat is for a member peer (H1; H6 shadowing)"
                )
            )


def check_seats_can_be_met(
    seats: ParsedTable, profile: dict[tuple[PeerKind, bool], set[str]], errors: list[LoadError]
) -> None:
    """H1: some peer in the pool has the seat's kind, a required tag and, if needed, lead."""
    columns = zip(
        seats.column("kind"),
        seats.column("required_tags"),
        seats.column("lead_required"),
        strict=True,
    )
    for position, (kind, required, lead) in enumerate(columns):
        if kind is None:
            continue
        wanted = set(required or ()) or {""}
        if not wanted & profile[kind, bool(lead)]:
            errors.append(
                seats.error(
                    position,
                    "required_tags" if required else "kind",
                    _unmeetable(kind, required, bool(lead)),
                )
            )


def _unmeetable(kind: PeerKind, required: tuple[str, ...] | None, lead: bool) -> str:
    who = f"no {kind.value} peer" + (" who is a lead peer" if lead else "")
    holds = f" holds any of {', '.join(required)}" if required else ""
    return f"{who} in the pool{holds}: the seat can never be filled (H1)"


def check_placed_seats(
    placements: ParsedTable, seats_of: Callable[[str], list[str] | None], errors: list[LoadError]
) -> None:
    """Placements point at a real seat: an explicit seat row, else the type's template seat."""
    columns = zip(placements.column("challenge_id"), placements.column("seat_id"), strict=True)
    for position, (challenge_id, seat_id) in enumerate(columns):
        if challenge_id is None or seat_id is None:
            continue
        seat_ids = seats_of(challenge_id)
        if seat_ids is not None and seat_id not in seat_ids:
            errors.append(
                placements.error(
                    position,
                    "seat_id",
                    f"seat {seat_id!r} does not exist on challenge "
                    f"{challenge_id!r} (its seats: {', '.join(seat_ids)}; a challenge without "
                    "seat rows gets its type's default template)",
                )
            )
