"""Explicit seat rows, only where a challenge differs from its type's template.

A challenge with rows in `seats` loses its template entirely (FORMAT.md), so each such
challenge gets the template's seats (matcher.templates) plus its extra seat: a CPC with a
named focus, a progress review of three peers, or an unpaid shadow seat.
"""

from __future__ import annotations

import numpy as np

from matcher.councils import CouncilRegistry
from matcher.generate import distributions as d
from matcher.models import Challenge, ChallengeType, PeerKind, Seat
from matcher.templates import PEOPLE_TAGS, SCOPE_TAGS, default_seats

SHADOW_TYPES = (ChallengeType.CPC, ChallengeType.FINANCE, ChallengeType.GOVERNANCE)


def _extras(
    challenge: Challenge,
    draws: np.ndarray,
    focus: str,
    shadow_kind: PeerKind,  # shadow seats are for member peers (the pilot)
) -> list[Seat]:
    """The extra seats one challenge gets, given its uniform draws [focus, review, shadow]."""
    cid, extras = challenge.challenge_id, []
    if challenge.type is ChallengeType.CPC and draws[0] < d.FOCUS_SEAT_SHARE:
        extras.append(
            Seat(
                challenge_id=cid,
                seat_id="officer_focus",
                kind=PeerKind.OFFICER,
                required_tags=frozenset({focus}),
                preferred_tags=frozenset({focus}),
            )
        )
    if challenge.type is ChallengeType.PROGRESS_REVIEW and draws[1] < d.PR_EXTRA_SEAT_SHARE:
        extras.append(
            Seat(
                challenge_id=cid,
                seat_id="officer_scope",
                kind=PeerKind.OFFICER,
                required_tags=SCOPE_TAGS | PEOPLE_TAGS,
            )
        )
    if challenge.type in SHADOW_TYPES and draws[2] < d.SHADOW_SEAT_SHARE:
        extras.append(Seat(challenge_id=cid, seat_id="shadow", kind=shadow_kind, shadow=True))
    return extras


def draw_seats(
    rng: np.random.Generator, challenges: tuple[Challenge, ...], councils: CouncilRegistry
) -> tuple[Seat, ...]:
    """Template plus extras for the few challenges that need explicit seats, in challenge
    order and template order within a challenge (lead seats first, as managers read them)."""
    n = len(challenges)
    draws = rng.random((n, 3))
    focus = rng.integers(len(d.FOCUS_TAGS), size=n)
    rng.random(n)  # once the shadow seat's kind; drawn still so a seed's programme is unchanged
    seats: list[Seat] = []
    for i, challenge in enumerate(challenges):
        extras = _extras(challenge, draws[i], d.FOCUS_TAGS[focus[i]], PeerKind.MEMBER)
        if extras:
            seats += default_seats(challenge, councils.by_code.get(challenge.council)) + extras
    return tuple(seats)
