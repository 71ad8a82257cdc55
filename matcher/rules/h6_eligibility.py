"""H6 eligibility: member peers are trained and attended a peer conference within 3 years
(unless waived) and serve or left under 12 months ago; officer peers are serving."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

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


def excluded(ctx, challenge, start) -> np.ndarray:
    """H6 at `start` for members and officers."""
    p = ctx.peers
    s = start.toordinal()
    since = years_before(start, TRAINING_YEARS).toordinal()
    trained = p.training_waived | ((p.trained_on >= since) & (p.conference_on >= since))
    member_ok = trained & (p.serving_until >= s - LEFT_COUNCIL_DAYS)
    officer_ok = p.serving_until >= s
    return ~np.where(p.is_member, member_ok, officer_ok)


RULE = HardRule(ENTRY, per_start=excluded)
