"""Tiny programmes built in Python, for rule-by-rule tests of the validator and the solver.

The little geography (``tiny_registry()``); codes double as names' keys:

======  ===============  ===============  ========  ==================================
code    name             type             region    politics (leader party)
======  ===============  ===============  ========  ==================================
C1      Shireshire       county           East Mid  Conservative (con)
D1      Northdale        district of C1   East Mid  Labour (lab)
D2      Southdale        district of C1   East Mid  NOC, largest Liberal Democrats (ld)
U1      Rivertown        unitary          East Mid  Labour (lab), 250,000 residents
U2      Hilltown         unitary          East Mid  Green (green)
U3      Seaport          unitary          South W   Conservative (con), far from all
L1      Riverside        london_borough   London    Labour (lab)
======  ===============  ===============  ========  ==================================

Neighbour pairs: U1-U2 and D1-D2. Two-tier areas: C1 with D1 and D2 (D1 and D2 are in
one two-tier area too). U3 is about 185 miles from U1 (straight line); L1 is the only London council
(London hotel rate in S3).

Defaults are chosen so that a default peer is valid on a default seat of the default
challenge: the client is U1 (Labour leader, a large unitary, so the CPC template has
five seats), a default peer is a Labour lead peer at U3, trained and at a conference
in 2023, still serving, holding the usual member or officer tags. A default seat has no
required tags and no party rule. H8 forbids two teammates from one home council, so give
teammates different homes: ``make_peers`` cycles through ``SAFE_HOMES`` (no H5 clash
with U1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from matcher.councils import CouncilRegistry, leader_party_of
from matcher.models import (
    Assignment,
    Challenge,
    ChallengeType,
    Conflict,
    ConflictReason,
    Council,
    CouncilType,
    Party,
    PastPlacement,
    Peer,
    PeerKind,
    Placement,
    PlacementStatus,
    Seat,
    Unavailability,
)
from matcher.programme import Programme, onsite_end, start_options
from matcher.settings import ProgrammeSettings

START = date(2024, 6, 3)
"""A Monday in financial year 2024/25: the default challenge's fixed start."""
CLIENT = "U1"
SAFE_HOMES = ("U3", "L1", "D1", "D2", "C1")
"""Home councils with no H5 clash against the default client U1, for distinct teammates."""

MEMBER_TAGS = frozenset({"leader", "cabinet_finance", "transformation"})
OFFICER_TAGS = frozenset({"chief_executive", "s151", "transformation", "democratic_services"})

_COUNCILS = (
    # code, name, type, region, parent, lat, lon, population, control, largest
    (
        "C1",
        "Shireshire",
        CouncilType.COUNTY,
        "East Midlands",
        None,
        53.10,
        -0.40,
        760_000,
        "Conservative",
        "Conservative",
    ),
    (
        "D1",
        "Northdale",
        CouncilType.DISTRICT,
        "East Midlands",
        "C1",
        53.30,
        -0.50,
        110_000,
        "Labour",
        "Labour",
    ),
    (
        "D2",
        "Southdale",
        CouncilType.DISTRICT,
        "East Midlands",
        "C1",
        52.90,
        -0.30,
        95_000,
        "NOC",
        "Liberal Democrats",
    ),
    (
        "U1",
        "Rivertown",
        CouncilType.UNITARY,
        "East Midlands",
        None,
        52.95,
        -1.15,
        250_000,
        "Labour",
        "Labour",
    ),
    (
        "U2",
        "Hilltown",
        CouncilType.UNITARY,
        "East Midlands",
        None,
        52.90,
        -1.00,
        120_000,
        "Green",
        "Green",
    ),
    (
        "U3",
        "Seaport",
        CouncilType.UNITARY,
        "South West",
        None,
        50.72,
        -3.53,
        130_000,
        "Conservative",
        "Conservative",
    ),
    (
        "L1",
        "Riverside",
        CouncilType.LONDON_BOROUGH,
        "London",
        None,
        51.50,
        -0.12,
        300_000,
        "Labour",
        "Labour",
    ),
)
NEIGHBOUR_PAIRS = (("U1", "U2"), ("D1", "D2"))


def tiny_councils() -> list[Council]:
    """The seven councils of the module docstring."""
    return [
        Council(
            ons_code=code,
            name=name,
            type=kind,
            region=region,
            parent_ons_code=parent,
            latitude=lat,
            longitude=lon,
            population=population,
            political_control=control,
            largest_party=largest,
            leader_party=leader_party_of(control, largest),
        )
        for code, name, kind, region, parent, lat, lon, population, control, largest in _COUNCILS
    ]


def tiny_registry(neighbour_pairs: Iterable[tuple[str, str]] = NEIGHBOUR_PAIRS) -> CouncilRegistry:
    """A CouncilRegistry of the seven tiny councils (neighbour pairs overridable)."""
    return CouncilRegistry(tiny_councils(), neighbour_pairs)


def make_peer(peer_id: str = "P1", kind: PeerKind | str = PeerKind.MEMBER, **overrides) -> Peer:
    """An eligible peer: Labour member (or officer) lead peer at U3, trained in 2023."""
    kind = PeerKind(kind)
    fields: dict[str, Any] = dict(
        peer_id=peer_id,
        name=f"{peer_id} Synthetic",
        kind=kind,
        party=Party.LAB if kind is PeerKind.MEMBER else None,
        home_council="U3",
        tags=MEMBER_TAGS if kind is PeerKind.MEMBER else OFFICER_TAGS,
        council_types=frozenset({CouncilType.UNITARY}),
        lead_peer=True,
        trained_on=date(2023, 9, 1),
        conference_on=date(2023, 11, 1),
        profile_updated_on=date(2024, 1, 15),
    )
    fields.update(overrides)
    return Peer(**fields)


def make_peers(
    count: int,
    kind: PeerKind | str = PeerKind.MEMBER,
    prefix: str = "P",
    home_offset: int = 0,
    **overrides,
) -> list[Peer]:
    """`count` default peers with ids prefix1.. and homes cycling through SAFE_HOMES.

    Use `home_offset` so that a second batch (say officers) starts at other homes (H8).
    """
    return [
        make_peer(
            f"{prefix}{i + 1}",
            kind,
            **{"home_council": SAFE_HOMES[(i + home_offset) % len(SAFE_HOMES)], **overrides},
        )
        for i in range(count)
    ]


def make_challenge(challenge_id: str = "CH1", **overrides) -> Challenge:
    """A CPC at U1, 3 onsite days, 7 charged, fixed start Monday 2024-06-03."""
    fields: dict[str, Any] = dict(
        challenge_id=challenge_id,
        council=CLIENT,
        type=ChallengeType.CPC,
        onsite_days=3,
        charged_days=7,
        earliest_start=START,
        latest_start=START,
    )
    fields.update(overrides)
    if "earliest_start" in overrides and "latest_start" not in overrides:
        fields["latest_start"] = fields["earliest_start"]
    return Challenge(**fields)


def make_seat(
    seat_id: str = "S1",
    challenge_id: str = "CH1",
    kind: PeerKind | str = PeerKind.MEMBER,
    **overrides,
) -> Seat:
    """A seat with no required tags, no party rule, no lead requirement."""
    return Seat(challenge_id=challenge_id, seat_id=seat_id, kind=PeerKind(kind), **overrides)


def make_unavailability(
    peer_id: str, from_date: date, to_date: date | None = None, reason: str = ""
) -> Unavailability:
    """An inclusive unavailable range (one day when `to_date` is omitted)."""
    return Unavailability(
        peer_id=peer_id, from_date=from_date, to_date=to_date or from_date, reason=reason
    )


def make_conflict(
    peer_id: str,
    ons_code: str,
    reason: ConflictReason | str = "declared",
    until_year: int | None = None,
) -> Conflict:
    return Conflict(
        peer_id=peer_id, ons_code=ons_code, reason=ConflictReason(reason), until_year=until_year
    )


def make_placement(
    peer_id: str,
    seat_id: str = "S1",
    challenge_id: str = "CH1",
    status: PlacementStatus | str = "confirmed",
) -> Placement:
    return Placement(
        challenge_id=challenge_id, seat_id=seat_id, peer_id=peer_id, status=PlacementStatus(status)
    )


def make_programme(
    peers: Iterable[Peer] = (),
    challenges: Iterable[Challenge] | None = None,
    seats: Iterable[Seat] = (),
    unavailability: Iterable[Unavailability] = (),
    conflicts: Iterable[Conflict] = (),
    placements: Iterable[Placement] = (),
    settings: ProgrammeSettings | Mapping[str, Any] | None = None,
    councils: CouncilRegistry | None = None,
    history: Iterable[PastPlacement] = (),
) -> Programme:
    """A Programme over the tiny registry; one default challenge when none are given.

    `seats` are explicit rows; a challenge without any gets its type's template (as in a
    programme folder). `settings` may be a ProgrammeSettings or a dict of its fields.
    """
    if settings is None or isinstance(settings, Mapping):
        settings = ProgrammeSettings(**dict(settings or {}))
    return Programme(
        councils=councils or tiny_registry(),
        peers=tuple(peers),
        challenges=tuple([make_challenge()] if challenges is None else challenges),
        seats=tuple(seats),
        unavailability=tuple(unavailability),
        conflicts=tuple(conflicts),
        placements=tuple(placements),
        history=tuple(history),
        settings=settings,
    )


def assign(
    programme: Programme,
    peer_id: str,
    seat_id: str = "S1",
    challenge_id: str = "CH1",
    start: date | None = None,
) -> Assignment:
    """An assignment row with the challenge's first start option and matching end date."""
    challenge = programme.challenge_by_id[challenge_id]
    start = start or start_options(challenge)[0]
    return Assignment(
        challenge_id=challenge_id,
        seat_id=seat_id,
        peer_id=peer_id,
        start_date=start,
        end_date=onsite_end(challenge, start),
    )


def make_solo(
    peer: Peer | None = None,
    *,
    seat: Seat | None = None,
    challenge: Challenge | None = None,
    **programme_kwargs,
) -> tuple[Programme, list[Assignment]]:
    """One challenge, one seat, one peer in it: the smallest case for a single rule.

    Defaults: challenge CH1 at U1, member seat S1 with no requirements, peer P1 (valid).
    """
    peer = peer or make_peer()
    challenge = challenge or make_challenge()
    seat = seat or make_seat(challenge_id=challenge.challenge_id)
    programme = make_programme(
        peers=[peer, *programme_kwargs.pop("peers", ())],
        challenges=[challenge],
        seats=[seat],
        **programme_kwargs,
    )
    return programme, [assign(programme, peer.peer_id, seat.seat_id, challenge.challenge_id)]


def staffed_cpc(**programme_kwargs) -> tuple[Programme, list[Assignment]]:
    """The default five-seat CPC at U1 with a valid team (partial teams not allowed).

    Lead member P1 (lab, leader's party), opposition member P2 (con), officers O1-O3; all
    five homes differ and none clashes with U1.
    """
    members = [
        make_peer("P1", home_council="U3"),
        make_peer("P2", home_council="L1", party=Party.CON),
    ]
    officers = make_peers(3, PeerKind.OFFICER, prefix="O", home_offset=2)
    settings = {"allow_partial": False, **programme_kwargs.pop("settings", {})}
    programme = make_programme(peers=[*members, *officers], settings=settings, **programme_kwargs)
    seats = ("lead_member", "member", "lead_officer", "officer_finance", "officer_scope")
    peers = ("P1", "P2", "O1", "O2", "O3")
    return programme, [assign(programme, p, s) for p, s in zip(peers, seats, strict=True)]


def violation_keys(report) -> set[tuple]:
    """Each violation as (rule, detail, challenge_id, seat_id, peer_id), for exact asserts."""
    return {(v.rule, v.detail, v.challenge_id, v.seat_id, v.peer_id) for v in report.violations}
