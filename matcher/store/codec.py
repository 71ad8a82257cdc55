"""Programme <-> table rows, exact both ways.

Rows use the programme-folder column names (FORMAT.md), so a row is the model's fields
plus `programme_id` and `position`. Enum members are written as their values: drivers
differ in how they adapt a Python Enum (psycopg writes the member name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar, get_origin

from pydantic import BaseModel

from matcher.models import (
    Challenge,
    Conflict,
    PastPlacement,
    Peer,
    Placement,
    Seat,
    Unavailability,
)

LIST_SEPARATOR = ";"
VETO, REQUEST = "veto", "request"
CHALLENGE_PEER_FIELDS = {VETO: "vetoes", REQUEST: "requests"}
"""challenge_peers.relation -> the Challenge field it rebuilds."""

ROW_KEYS = {"programme_id", "run_id", "position"}
M = TypeVar("M", bound=BaseModel)


def join_list(values: Iterable[Any]) -> str:
    """A set as a sorted ';'-joined cell; a value holding ';' could not come back intact."""
    items = sorted(str(v.value if isinstance(v, Enum) else v) for v in values)
    for item in items:
        if LIST_SEPARATOR in item:
            raise ValueError(f"list value {item!r} contains {LIST_SEPARATOR!r}")
    return LIST_SEPARATOR.join(items)


def split_list(cell: str | None) -> frozenset[str]:
    return frozenset(item for item in (cell or "").split(LIST_SEPARATOR) if item)


def model_rows(
    models: Sequence[BaseModel], programme_id: int, skip: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """One row per model: scalars as they are, enums as values, sets joined."""
    rows = []
    for position, model in enumerate(models):
        row: dict[str, Any] = {"programme_id": programme_id, "position": position}
        for name, value in model:
            if name in skip:
                continue
            if isinstance(value, frozenset):
                value = join_list(value)
            elif isinstance(value, Enum):
                value = value.value
            row[name] = value
        rows.append(row)
    return rows


def challenge_peer_rows(challenges: Sequence[Challenge], programme_id: int) -> list[dict]:
    """Vetoes and requests, one row per peer id, in listed order."""
    return [
        {
            "programme_id": programme_id,
            "challenge_id": challenge.challenge_id,
            "relation": relation,
            "position": position,
            "peer_id": peer_id,
        }
        for challenge in challenges
        for relation, field in CHALLENGE_PEER_FIELDS.items()
        for position, peer_id in enumerate(getattr(challenge, field))
    ]


def model_from_row(cls: type[M], row: Mapping[str, Any]) -> M:
    """Rebuild a model from its row, splitting the cells of set-valued fields."""
    data = {key: value for key, value in row.items() if key not in ROW_KEYS}
    for name, info in cls.model_fields.items():
        if name in data and get_origin(info.annotation) is frozenset:
            data[name] = split_list(data[name])
    return cls.model_validate(data)


def challenges_from_rows(
    rows: Iterable[Mapping[str, Any]], peer_rows: Iterable[Mapping[str, Any]]
) -> tuple[Challenge, ...]:
    """Challenges with their vetoes and requests put back (peer rows in position order)."""
    linked: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in peer_rows:
        linked[(row["challenge_id"], row["relation"])].append(row["peer_id"])
    challenges = []
    for row in rows:
        data = dict(row)
        for relation, field in CHALLENGE_PEER_FIELDS.items():
            data[field] = tuple(linked.get((row["challenge_id"], relation), ()))
        challenges.append(model_from_row(Challenge, data))
    return tuple(challenges)


ENTITY_MODELS: dict[str, type[BaseModel]] = {
    "peers": Peer,
    "unavailability": Unavailability,
    "conflicts": Conflict,
    "seats": Seat,
    "placements": Placement,
    "history": PastPlacement,
}
"""Programme attribute -> model, for the tables that map one model to one row."""
