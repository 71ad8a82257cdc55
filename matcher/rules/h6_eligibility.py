"""H6 eligibility: member peers have attended or booked peer training and attended a peer
conference within 3 years (unless waived; a shadow seat needs no conference) and serve or
left under 12 months ago; officer peers are serving; mentoring seats need mentoring
training attended or booked; paused and removed peers are never matched."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from matcher.models import ChallengeType
from matcher.rules.base import HardRule, RuleId, hard

TRAINING_YEARS = 3
"""Training and conference on or after the start minus 3 calendar years."""
LEFT_COUNCIL_DAYS = 365
"""A member peer who left office is eligible while serving_until >= start - 365 days."""
MEMBER_GRACE = timedelta(days=LEFT_COUNCIL_DAYS)

ENTRY = hard(
    RuleId.H6,
    "eligibility",
    f"Member peers are trained and attended a peer conference within {TRAINING_YEARS} "
    "years and serve or left under 12 months ago; officer peers are serving.",
)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _excluded(ctx, challenge, start, shadow: bool) -> np.ndarray:
    """Members: peer-challenge training attended or booked within 3 years and (not for a
    shadow seat) a peer conference attended within 3 years and not after the start, unless
    waived on the record; serving or left under 365 days ago. Officers: serving. Everyone:
    mentoring training attended or booked for a mentoring challenge, and an active status
    (a pause ends after its end date; removed peers never return). With the setting
    `profile_stale_before`, a profile last updated before that date (or never) is excluded."""
    p = ctx.peers
    s = start.toordinal()
    since = years_before(start, TRAINING_YEARS).toordinal()
    trained = (p.trained_on >= since) | (p.training_booked_on >= since)
    if not shadow:
        attended = (p.conference_on >= since) & (p.conference_on <= s)
        trained = trained & attended
    member_ok = (p.training_waived | trained) & (p.serving_until >= s - LEFT_COUNCIL_DAYS)
    ok = np.where(p.is_member, member_ok, p.serving_until >= s) & (p.matchable_from <= s)
    if challenge.type is ChallengeType.MENTORING:
        ok &= p.mentoring_trained
    stale_before = ctx.programme.settings.profile_stale_before
    if stale_before is not None:  # the profile freshness setting (issue 13)
        ok &= p.profile_updated_on >= stale_before.toordinal()
    return ~ok


def excluded(ctx, challenge, start) -> np.ndarray:
    """H6 at `start` for the seats of a team."""
    return _excluded(ctx, challenge, start, shadow=False)


def excluded_shadow(ctx, challenge, start) -> np.ndarray:
    """H6 at `start` for a shadow seat: no conference requirement."""
    return _excluded(ctx, challenge, start, shadow=True)


RULE = HardRule(ENTRY, per_start=excluded, shadow_start=excluded_shadow)
