"""Cell kinds: how one spreadsheet cell's text becomes a typed value (docs/format.md).

Each kind converts a non-empty, stripped cell or raises ValueError with a sentence saying
what was expected; an empty cell means "unknown" and takes the kind's `empty` value. Columns
are converted through their distinct values only (`convert_column`), because exported
columns repeat a handful of dates, tags and enum values across thousands of rows: that keeps
a 10,000-peer folder well under a second without per-cell parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd

from matcher.models import Party, PartyRule

LIST_SEPARATOR = ";"
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EXCEL_MIDNIGHT = " 00:00:00"
"""Excel date cells reach us as 'YYYY-MM-DD 00:00:00'; the time part carries nothing."""
_WHOLE = re.compile(r"[+-]?\d+(\.0*)?")


@dataclass(frozen=True)
class Kind:
    """How to read one column: the converter for non-empty cells and the empty value."""

    convert: Callable[[str], Any]
    empty: Any = None
    name: str = "value"


SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
"""Ids travel in web addresses (pages and API paths), so they keep to a safe set."""
MAX_NAME_CHARS = 200


def _text(cell: str) -> str:
    """Free text: anything printable (a NUL or other control byte is a paste accident)."""
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in cell):
        raise ValueError(f"{cell[:40]!r} holds a control character (NUL or similar)")
    return cell


def _name(cell: str) -> str:
    """A person's or council's name: plain text of at most MAX_NAME_CHARS characters."""
    if len(cell) > MAX_NAME_CHARS:
        raise ValueError(f"a name longer than {MAX_NAME_CHARS} characters ({len(cell):,})")
    return _text(cell)


def _ident(cell: str) -> str:
    if not SAFE_ID.fullmatch(cell):
        raise ValueError(
            f"id {cell[:70]!r} must start with a letter or digit and hold only letters, "
            "digits, '_', '.' or '-' (at most 64 characters): ids appear in web addresses"
        )
    return cell


def _iso_date(cell: str) -> date:
    text = cell.removesuffix(_EXCEL_MIDNIGHT)
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"malformed date {cell!r} (docs/format.md: dates are ISO YYYY-MM-DD)")


def _boolean(cell: str) -> bool:
    word = cell.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"bad boolean {cell!r} (expected true/false, yes/no or 1/0)")


def whole(minimum: int, why: str) -> Kind:
    """A whole number >= `minimum`; `why` names the rule that needs it (e.g. 'H4 day caps')."""

    def convert(cell: str) -> int:
        if not _WHOLE.fullmatch(cell):
            raise ValueError(f"{cell!r} is not a whole number ({why})")
        number = int(float(cell)) if "." in cell else int(cell)
        if number < minimum:
            raise ValueError(f"{cell!r} is below {minimum} ({why})")
        return number

    return Kind(convert, name="whole number")


def _decimal(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        raise ValueError(f"{cell!r} is not a number") from None


def choice(enum: type[StrEnum], why: str = "") -> Kind:
    """One value of `enum` (case-insensitive), e.g. kind = member|officer."""
    allowed = "|".join(member.value for member in enum)
    suffix = f"; {why}" if why else ""

    def convert(cell: str) -> StrEnum:
        try:
            return enum(cell.lower())
        except ValueError:
            raise ValueError(f"bad value {cell!r} (expected {allowed}{suffix})") from None

    return Kind(convert, name=enum.__name__)


def split_list(cell: str) -> tuple[str, ...]:
    """A `;`-separated cell as its distinct non-empty items, in their written order."""
    items = (item.strip() for item in cell.split(LIST_SEPARATOR))
    return tuple(dict.fromkeys(item for item in items if item))


def list_of(item_kind: Kind | None = None) -> Kind:
    """A `;`-separated list; each item is checked by `item_kind` if given."""

    def convert(cell: str) -> tuple[Any, ...]:
        items = split_list(cell)
        return tuple(item_kind.convert(i) for i in items) if item_kind else items

    return Kind(convert, empty=(), name="list")


def _party_rule(cell: str) -> str:
    word = cell.lower()
    if word in PartyRule._value2member_map_ or word in Party._value2member_map_:
        return word
    allowed = "|".join([*(r.value for r in PartyRule), *(p.value for p in Party)])
    raise ValueError(f"bad party_rule {cell!r} (expected {allowed} or empty; H7)")


TEXT = Kind(_text, empty="", name="text")
NAME = Kind(_name, name="name")
"""Required text: an empty name is an error, not an unnamed peer."""
IDENT = Kind(_ident, name="id")
DATE = Kind(_iso_date, name="date")
BOOLEAN = Kind(_boolean, name="boolean")
DECIMAL = Kind(_decimal, name="number")
PARTY_RULE = Kind(_party_rule, name="party rule")


def convert_column(cells: Sequence[str] | pd.Series, kind: Kind) -> tuple[list, dict[str, str]]:
    """Typed values of a column (None for bad cells) and {bad cell text: reason}.

    Only distinct values are converted, then looked up per row.
    """
    lookup: dict[str, Any] = {}
    bad: dict[str, str] = {}
    for text in dict.fromkeys(cells):
        if text == "":
            lookup[text] = kind.empty
            continue
        try:
            lookup[text] = kind.convert(text)
        except ValueError as exc:
            lookup[text] = None
            bad[text] = str(exc)
    return [lookup[text] for text in cells], bad
