"""The programme folder's columns (docs/format.md), each with its cell kind and the model it feeds.

One declaration per table drives reading (which columns are required, how cells convert)
and writing (column order), so the two directions cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from matcher.io.cells import (
    BOOLEAN,
    DATE,
    DECIMAL,
    IDENT,
    NAME,
    PARTY_RULE,
    TEXT,
    Kind,
    choice,
    list_of,
    whole,
)
from matcher.models import (
    Assignment,
    Challenge,
    ChallengeType,
    Conflict,
    ConflictReason,
    Council,
    CouncilType,
    Gender,
    Party,
    PastPlacement,
    Peer,
    PeerKind,
    PeerStatus,
    Placement,
    PlacementStatus,
    RemovalReason,
    Seat,
    Unavailability,
    UnfilledSeat,
    YesNoUnsaid,
)
from matcher.workflow.states import State

DAYS = whole(0, "days are whole numbers >= 0; H4 day caps")
COUNT = whole(0, "S2 minimums are whole numbers >= 0")
ONSITE_DAYS = whole(1, "a challenge has at least 1 onsite day; H3")
YEAR = whole(0, "a year such as 2021; H5 former employer")


@dataclass(frozen=True)
class Column:
    """One column: its name, cell kind, and whether the column and a value must be present."""

    name: str
    kind: Kind
    required: bool = False
    """The column must exist and (unless the kind reads '' as text) every cell be filled."""


@dataclass(frozen=True)
class TableSpec:
    """A table of the programme folder and the model each of its rows becomes."""

    name: str
    model: type[BaseModel] | None
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _req(name: str, kind: Kind = IDENT) -> Column:
    return Column(name, kind, required=True)


def _table(name: str, model: type[BaseModel] | None, *columns: Column) -> TableSpec:
    """A table declared as its name, its model and its columns in folder order."""
    return TableSpec(name, model, columns)


SEAT_KEY = (_req("challenge_id"), _req("seat_id"))
"""The columns naming one seat: seats, unfilled and every peer-in-a-seat table start so."""
PEER_IN_SEAT = (*SEAT_KEY, _req("peer_id"))
"""A peer in a seat: placements (the workflow's) and assignments (a plan's)."""


PEERS = _table(
    "peers",
    Peer,
    _req("peer_id"),
    _req("name", NAME),
    _req("kind", choice(PeerKind)),
    Column("party", choice(Party, "member peers' party, H7")),
    _req("home_council"),
    Column("tags", list_of()),
    Column("council_types", list_of(choice(CouncilType))),
    Column("lead_peer", BOOLEAN),
    Column("trained_on", DATE),
    Column("training_booked_on", DATE),
    Column("mentoring_trained_on", DATE),
    Column("mentoring_booked_on", DATE),
    Column("conference_on", DATE),
    Column("serving_until", DATE),
    Column("profile_updated_on", DATE),
    Column("gender", choice(Gender)),
    Column("ethnic_minority", choice(YesNoUnsaid)),
    Column("disability", choice(YesNoUnsaid)),
    Column("days_used", DAYS),
    Column("cap_days", DAYS),
    Column("training_waived", BOOLEAN),
    Column("status", choice(PeerStatus)),
    Column("paused_until", DATE),
    Column("removed_reason", choice(RemovalReason)),
)

UNAVAILABILITY = _table(
    "unavailability",
    Unavailability,
    _req("peer_id"),
    _req("from_date", DATE),
    _req("to_date", DATE),
    Column("reason", TEXT),
)

CONFLICTS = _table(
    "conflicts",
    Conflict,
    _req("peer_id"),
    _req("ons_code"),
    _req("reason", choice(ConflictReason)),
    Column("until_year", YEAR),
)

CHALLENGES = _table(
    "challenges",
    Challenge,
    _req("challenge_id"),
    _req("council"),
    _req("type", choice(ChallengeType)),
    _req("onsite_days", ONSITE_DAYS),
    _req("charged_days", DAYS),
    _req("earliest_start", DATE),
    _req("latest_start", DATE),
    Column("follows", IDENT),
    Column("leader_party", choice(Party, "H7 leader's party override")),
    Column("min_women", COUNT),
    Column("min_ethnic_minority", COUNT),
    Column("min_disability", COUNT),
    Column("diversity_required", BOOLEAN),
    Column("vetoes", list_of(IDENT)),
    Column("requests", list_of(IDENT)),
)

SEATS = _table(
    "seats",
    Seat,
    *SEAT_KEY,
    _req("kind", choice(PeerKind)),
    Column("required_tags", list_of()),
    Column("preferred_tags", list_of()),
    Column("party_rule", PARTY_RULE),
    Column("lead_required", BOOLEAN),
    Column("shadow", BOOLEAN),
)

PLACEMENTS = _table(
    "placements",
    Placement,
    *PEER_IN_SEAT,
    _req("status", choice(PlacementStatus)),
    Column("start_date", DATE),
    Column("state", choice(State)),
)

COUNCILS = _table(
    "councils",
    Council,
    _req("ons_code"),
    _req("name", NAME),
    _req("type", choice(CouncilType)),
    _req("region", TEXT),
    Column("parent_ons_code", IDENT),
    _req("latitude", DECIMAL),
    _req("longitude", DECIMAL),
    Column("population", whole(0, "population")),
    _req("political_control", TEXT),
    _req("largest_party", TEXT),
)

COUNCIL_NEIGHBOURS = _table(
    "council_neighbours",
    None,
    _req("ons_code_a"),
    _req("ons_code_b"),
)

ASSIGNMENTS = _table(
    "assignments",
    Assignment,
    *PEER_IN_SEAT,
    _req("start_date", DATE),
    _req("end_date", DATE),
    Column("reasons", TEXT),
    Column("points", whole(-(10**12), "points")),
)

UNFILLED = _table(
    "unfilled",
    UnfilledSeat,
    *SEAT_KEY,
    Column("blocking", TEXT),
    Column("message", TEXT),
)

HISTORY = _table(
    "history",
    PastPlacement,
    Column("peer_id", IDENT),
    _req("council"),
    _req("start_date", DATE),
    Column("challenge_id", IDENT),
    Column("type", choice(ChallengeType)),
)
"""Optional: placements and challenges of earlier years, the one history that S8 fresh
eyes, S5 across years and the councils due a peer challenge read (docs/format.md)."""

PROGRAMME_TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        COUNCILS,
        COUNCIL_NEIGHBOURS,
        PEERS,
        UNAVAILABILITY,
        CONFLICTS,
        CHALLENGES,
        SEATS,
        PLACEMENTS,
        HISTORY,
    )
}
