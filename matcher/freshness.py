"""Profile freshness (DOMAIN.md: a profile not updated for 12 months is stale).

The LGA's review asked for profiles to be updated on a rolling 12-month cycle. These
helpers say which peers are stale on a given day; whether stale peers may still be
matched is the programme setting `profile_stale_before` (read by H6 eligibility).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from matcher.models import Peer
from matcher.rules.h6_eligibility import years_before

STALE_AFTER_YEARS = 1
"""The rolling update cycle: 12 months."""


def stale_cutoff(today: date) -> date:
    """Profiles last updated before this day are stale on `today` (29 Feb -> 28 Feb)."""
    return years_before(today, STALE_AFTER_YEARS)


def is_stale(peer: Peer, today: date) -> bool:
    """Never updated, or last updated more than 12 months before `today`."""
    return peer.profile_updated_on is None or peer.profile_updated_on < stale_cutoff(today)


def stale_peers(peers: Iterable[Peer], today: date) -> list[Peer]:
    return [p for p in peers if is_stale(p, today)]
