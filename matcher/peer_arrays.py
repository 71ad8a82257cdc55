"""Peers as numpy columns, so eligibility is computed for all peers at once.

Dates become ordinals; tags and council types become bit masks; missing dates become
sentinels that make the date comparisons of H6 come out right (never trained = far past,
still serving = far future).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.models import Gender, Party, PeerKind, PeerStatus, YesNoUnsaid
from matcher.programme import Programme

FAR_PAST = -(10**9)
FAR_FUTURE = 10**9
PARTY_CODES: tuple[Party, ...] = tuple(Party)
NO_PARTY = -1


def _ordinal(day) -> int | None:
    return day.toordinal() if day is not None else None


def _dates(values, missing: int) -> np.ndarray:
    return np.array([missing if v is None else v.toordinal() for v in values], dtype=np.int64)


@dataclass(frozen=True)
class PeerArrays:
    """Column view of programme.peers (index i is programme.peers[i])."""

    ids: list[str]
    is_member: np.ndarray
    party: np.ndarray
    home: np.ndarray
    lead: np.ndarray
    tags: np.ndarray
    council_types: np.ndarray
    trained_on: np.ndarray
    training_booked_on: np.ndarray
    mentoring_trained: np.ndarray
    """Mentoring training attended or booked (H6: mentoring seats)."""
    conference_on: np.ndarray
    serving_until: np.ndarray
    training_waived: np.ndarray
    matchable_from: np.ndarray
    """Ordinal of the first start a peer's status allows (H6): far past when active, the
    day after a pause's end, far future when paused without an end or removed."""
    profile_updated_on: np.ndarray
    cap: np.ndarray
    days_used: np.ndarray
    female: np.ndarray
    ethnic_minority: np.ndarray
    disability: np.ndarray
    tag_bits: dict[str, int]
    type_bits: dict[str, int]

    @property
    def n(self) -> int:
        return len(self.ids)

    def tag_mask(self, tags) -> int:
        """Bit mask of `tags`; tags no peer holds get no bit and so match nobody."""
        return sum(1 << self.tag_bits[t] for t in tags if t in self.tag_bits)


def _matchable_from(peer) -> int:
    if peer.status is PeerStatus.ACTIVE:
        return FAR_PAST
    if peer.status is PeerStatus.PAUSED and peer.paused_until is not None:
        return peer.paused_until.toordinal() + 1
    return FAR_FUTURE


def peer_arrays(programme: Programme) -> PeerArrays:
    """Build the column view once per programme."""
    peers = programme.peers
    tag_bits = {t: i for i, t in enumerate(sorted({t for p in peers for t in p.tags}))}
    if len(tag_bits) > 62:
        raise ValueError(f"{len(tag_bits)} distinct role tags: at most 62 are supported")
    type_bits = {
        t: i
        for i, t in enumerate(
            sorted(
                {t.value for p in peers for t in p.council_types}
                | {"county", "district", "unitary", "metropolitan", "london_borough"}
            )
        )
    }
    index = programme.councils.index
    return PeerArrays(
        ids=[p.peer_id for p in peers],
        is_member=np.array([p.kind is PeerKind.MEMBER for p in peers], dtype=bool),
        party=np.array(
            [PARTY_CODES.index(p.party) if p.party else NO_PARTY for p in peers], dtype=np.int64
        ),
        home=np.array([index[p.home_council] for p in peers], dtype=np.int64),
        lead=np.array([p.lead_peer for p in peers], dtype=bool),
        tags=np.array([sum(1 << tag_bits[t] for t in p.tags) for p in peers], dtype=np.int64),
        council_types=np.array(
            [sum(1 << type_bits[t.value] for t in p.council_types) for p in peers], dtype=np.int64
        ),
        trained_on=_dates([p.trained_on for p in peers], FAR_PAST),
        training_booked_on=_dates([p.training_booked_on for p in peers], FAR_PAST),
        mentoring_trained=np.array(
            [
                p.mentoring_trained_on is not None or p.mentoring_booked_on is not None
                for p in peers
            ],
            dtype=bool,
        ),
        conference_on=_dates([p.conference_on for p in peers], FAR_PAST),
        serving_until=_dates([p.serving_until for p in peers], FAR_FUTURE),
        training_waived=np.array([p.training_waived for p in peers], dtype=bool),
        matchable_from=np.array([_matchable_from(p) for p in peers], dtype=np.int64),
        profile_updated_on=_dates([p.profile_updated_on for p in peers], FAR_PAST),
        cap=np.array([programme.cap_of(p) for p in peers], dtype=np.int64),
        days_used=np.array([p.days_used for p in peers], dtype=np.int64),
        female=np.array([p.gender is Gender.FEMALE for p in peers], dtype=bool),
        ethnic_minority=np.array([p.ethnic_minority is YesNoUnsaid.YES for p in peers], dtype=bool),
        disability=np.array([p.disability is YesNoUnsaid.YES for p in peers], dtype=bool),
        tag_bits=tag_bits,
        type_bits=type_bits,
    )
