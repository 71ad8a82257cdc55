"""Changes to a programme, each validated like an upload and applied whole or not at all.

A change builds the new programme from the old one (the models are frozen values), then
`revalidate` writes it as a folder and loads it back with the upload's own loader, so
every check an upload gets (ids, references, windows, tags, H-rule input clauses) runs
on every change. Problems come back as EditError: each with the field and the reason,
file-free, as the API answers them.
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from matcher.io import InvalidInstanceError, load_programme, save_programme
from matcher.models import Challenge, Conflict, Peer, Seat, Unavailability
from matcher.programme import Programme


class FieldProblem(BaseModel):
    field: str
    reason: str


class EditError(ValueError):
    """A change that would make the programme invalid; nothing was applied."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in problems))


class UnknownRow(LookupError):
    """The change names a peer, challenge or unavailability the programme lacks."""


def _validated(model: type[BaseModel], data: dict[str, Any], prefix: str = "") -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise EditError(
            [
                FieldProblem(field=prefix + ".".join(str(p) for p in e["loc"]), reason=e["msg"])
                for e in exc.errors()
            ]
        ) from None


def _patched(model: BaseModel, patch: dict[str, Any], key: str) -> Any:
    if key in patch and patch[key] != getattr(model, key):
        raise EditError([FieldProblem(field=key, reason="an id cannot change")])
    return _validated(type(model), model.model_dump() | patch)


def patch_peer(programme: Programme, peer_id: str, patch: dict[str, Any]) -> Programme:
    old = programme.peer_by_id.get(peer_id)
    if old is None:
        raise UnknownRow(f"no peer {peer_id}")
    new = _patched(old, patch, "peer_id")
    peers = tuple(new if p.peer_id == peer_id else p for p in programme.peers)
    return dataclasses.replace(programme, peers=peers)


def add_peer(programme: Programme, data: dict[str, Any]) -> Programme:
    peer = _validated(Peer, data)
    if peer.peer_id in programme.peer_by_id:
        raise EditError([FieldProblem(field="peer_id", reason=f"{peer.peer_id} already exists")])
    return dataclasses.replace(programme, peers=(*programme.peers, peer))


def patch_challenge(programme: Programme, challenge_id: str, patch: dict[str, Any]) -> Programme:
    old = programme.challenge_by_id.get(challenge_id)
    if old is None:
        raise UnknownRow(f"no challenge {challenge_id}")
    new = _patched(old, patch, "challenge_id")
    challenges = tuple(new if c.challenge_id == challenge_id else c for c in programme.challenges)
    return dataclasses.replace(programme, challenges=challenges)


def add_challenge(
    programme: Programme, data: dict[str, Any], seats: list[dict[str, Any]]
) -> Programme:
    """A new challenge with its own seat rows (none: its type's default template)."""
    challenge = _validated(Challenge, data)
    if challenge.challenge_id in programme.challenge_by_id:
        raise EditError(
            [FieldProblem(field="challenge_id", reason=f"{challenge.challenge_id} already exists")]
        )
    rows = tuple(
        _validated(Seat, seat | {"challenge_id": challenge.challenge_id}, f"seats.{i}.")
        for i, seat in enumerate(seats)
    )
    return dataclasses.replace(
        programme,
        challenges=(*programme.challenges, challenge),
        seats=(*programme.seats, *rows),
    )


def add_unavailability(programme: Programme, data: dict[str, Any]) -> Programme:
    row = _validated(Unavailability, data)
    if row.peer_id not in programme.peer_by_id:
        raise UnknownRow(f"no peer {row.peer_id}")
    return dataclasses.replace(programme, unavailability=(*programme.unavailability, row))


def remove_unavailability(
    programme: Programme, peer_id: str, from_date: date, to_date: date
) -> Programme:
    kept = tuple(
        u
        for u in programme.unavailability
        if (u.peer_id, u.from_date, u.to_date) != (peer_id, from_date, to_date)
    )
    if len(kept) == len(programme.unavailability):
        raise UnknownRow(f"no unavailability of {peer_id} from {from_date} to {to_date}")
    return dataclasses.replace(programme, unavailability=kept)


def revalidate(programme: Programme, data_dir: Path) -> Programme:
    """The programme as an upload of it would load (EditError with every problem)."""
    with tempfile.TemporaryDirectory(prefix="peermatch-edit-") as tmp:
        folder = save_programme(programme, Path(tmp) / "programme")
        try:
            return load_programme(folder, data_dir)
        except InvalidInstanceError as exc:
            raise EditError(
                [
                    FieldProblem(
                        field=f"{e.file.removesuffix('.csv')}.{e.column}" if e.column else e.file,
                        reason=e.message if e.value is None else f"{e.message} ({e.value!r})",
                    )
                    for e in exc.errors
                ]
            ) from None


def remove_peer(programme: Programme, peer_id: str) -> Programme:
    """A peer leaves the pool: their unavailability, conflicts and placements go too (a
    council's veto or request naming them is dropped with them)."""
    if peer_id not in programme.peer_by_id:
        raise UnknownRow(f"no peer {peer_id}")
    challenges = tuple(
        c.model_copy(
            update={
                "vetoes": tuple(p for p in c.vetoes if p != peer_id),
                "requests": tuple(p for p in c.requests if p != peer_id),
            }
        )
        for c in programme.challenges
    )
    return dataclasses.replace(
        programme,
        peers=tuple(p for p in programme.peers if p.peer_id != peer_id),
        unavailability=tuple(u for u in programme.unavailability if u.peer_id != peer_id),
        conflicts=tuple(c for c in programme.conflicts if c.peer_id != peer_id),
        placements=tuple(p for p in programme.placements if p.peer_id != peer_id),
        challenges=challenges,
    )


def remove_challenge(programme: Programme, challenge_id: str) -> Programme:
    """A challenge is cancelled: its seats and placements go with it."""
    if challenge_id not in programme.challenge_by_id:
        raise UnknownRow(f"no challenge {challenge_id}")
    return dataclasses.replace(
        programme,
        challenges=tuple(c for c in programme.challenges if c.challenge_id != challenge_id),
        seats=tuple(s for s in programme.seats if s.challenge_id != challenge_id),
        placements=tuple(p for p in programme.placements if p.challenge_id != challenge_id),
    )


def _explicit_seats(programme: Programme, challenge_id: str) -> tuple[tuple, tuple]:
    """(the challenge's seats as explicit rows, every other challenge's rows): a template
    team becomes rows before one of its seats changes."""
    if challenge_id not in programme.challenge_by_id:
        raise UnknownRow(f"no challenge {challenge_id}")
    mine = tuple(programme.seats_by_challenge[challenge_id])
    others = tuple(s for s in programme.seats if s.challenge_id != challenge_id)
    return mine, others


def set_seat(
    programme: Programme, challenge_id: str, seat_id: str, data: dict[str, Any] | None
) -> Programme:
    """Add (no such seat yet), change (fields given) or remove (`data` None) one seat."""
    mine, others = _explicit_seats(programme, challenge_id)
    old = next((s for s in mine if s.seat_id == seat_id), None)
    if data is None:
        if old is None:
            raise UnknownRow(f"no seat {seat_id} on {challenge_id}")
        seats = tuple(s for s in mine if s.seat_id != seat_id)
    elif old is None:
        new = _validated(Seat, data | {"challenge_id": challenge_id, "seat_id": seat_id})
        seats = (*mine, new)
    else:
        new = _patched(old, data, "seat_id")
        seats = tuple(new if s.seat_id == seat_id else s for s in mine)
    return dataclasses.replace(programme, seats=(*others, *seats))


def set_conflict(
    programme: Programme, peer_id: str, ons_code: str, data: dict[str, Any] | None
) -> Programme:
    """Record (`data`: reason, until_year) or remove (None) a peer's conflict (H5)."""
    if peer_id not in programme.peer_by_id:
        raise UnknownRow(f"no peer {peer_id}")
    kept = tuple(c for c in programme.conflicts if (c.peer_id, c.ons_code) != (peer_id, ons_code))
    if data is None:
        if len(kept) == len(programme.conflicts):
            raise UnknownRow(f"no conflict of {peer_id} with {ons_code}")
        return dataclasses.replace(programme, conflicts=kept)
    row = _validated(Conflict, data | {"peer_id": peer_id, "ons_code": ons_code})
    return dataclasses.replace(programme, conflicts=(*kept, row))
