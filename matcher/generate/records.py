"""Per-peer lists: unavailable ranges (H3) and declared conflicts / former employers (H5).

Both are drawn as flat arrays (one row per record, `np.repeat` over peers) and sorted by
peer id before models are built, so the files never depend on draw order.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from matcher.councils import CouncilRegistry
from matcher.generate import distributions as d
from matcher.generate.common import population_weights, to_dates
from matcher.generate.peers import YEAR, PeerPool
from matcher.models import Conflict, Unavailability


def draw_unavailability(
    rng: np.random.Generator, pool: PeerPool, day0: date
) -> tuple[Unavailability, ...]:
    """A few ranges per peer (Poisson), a day to two weeks each, spread over the year."""
    counts = rng.poisson(d.UNAVAILABLE_MEAN_RANGES, size=len(pool.ids))
    owner = np.repeat(np.arange(len(pool.ids)), counts)
    start = rng.integers(-7, YEAR, size=owner.size)
    end = start + rng.integers(0, d.UNAVAILABLE_MAX_DAYS, size=owner.size)
    reason = rng.integers(len(d.UNAVAILABLE_REASONS), size=owner.size)
    order = np.lexsort((end, start, owner))
    owner, start, end, reason = owner[order], start[order], end[order], reason[order]
    rows = zip(
        owner.tolist(), to_dates(day0, start), to_dates(day0, end), reason.tolist(), strict=True
    )
    return tuple(
        Unavailability(peer_id=pool.ids[o], from_date=f, to_date=t, reason=d.UNAVAILABLE_REASONS[r])
        for o, f, t, r in rows
    )


def _conflict_rows(
    rng: np.random.Generator, pool: PeerPool, councils: CouncilRegistry, year: int
) -> dict[str, np.ndarray]:
    """Raw rows: one or two declared conflicts for some peers, one or two former employers
    for many officers and a few members; years left mostly within the last 15."""
    n = len(pool.ids)
    declared = np.where(rng.random(n) < d.DECLARED_CONFLICT_SHARE, rng.integers(1, 3, n), 0)
    former_share = np.where(
        pool.is_member, d.FORMER_EMPLOYER_SHARE_MEMBER, d.FORMER_EMPLOYER_SHARE_OFFICER
    )
    former = np.where(rng.random(n) < former_share, rng.integers(1, 3, n), 0)
    owner = np.concatenate([np.repeat(np.arange(n), declared), np.repeat(np.arange(n), former)])
    is_former = np.repeat([False, True], [declared.sum(), former.sum()])
    council = rng.choice(len(councils), size=owner.size, p=population_weights(councils))
    until = year - rng.integers(0, d.FORMER_EMPLOYER_MAX_YEARS_AGO + 1, size=owner.size)
    no_year = rng.random(owner.size) < d.FORMER_EMPLOYER_NO_YEAR_SHARE
    until = np.where(is_former & ~no_year, until, -1)
    return {"owner": owner, "council": council, "is_former": is_former, "until": until}


def draw_conflicts(
    rng: np.random.Generator, pool: PeerPool, councils: CouncilRegistry, year: int
) -> tuple[Conflict, ...]:
    """Conflicts other than the home council (H5 covers that already), one per council."""
    rows = _conflict_rows(rng, pool, councils, year)
    keep = rows["council"] != pool.home[rows["owner"]]
    rows = {k: v[keep] for k, v in rows.items()}
    order = np.lexsort((rows["is_former"], rows["council"], rows["owner"]))
    rows = {k: v[order] for k, v in rows.items()}
    key = rows["owner"] * len(councils) + rows["council"]
    first = np.concatenate([[True], key[1:] != key[:-1]]) if key.size else key.astype(bool)
    rows = {k: v[first] for k, v in rows.items()}
    return tuple(
        Conflict(
            peer_id=pool.ids[o],
            ons_code=councils.codes[c],
            reason="former_employer" if f else "declared",
            until_year=u if u >= 0 else None,
        )
        for o, c, f, u in zip(
            rows["owner"].tolist(),
            rows["council"].tolist(),
            rows["is_former"].tolist(),
            rows["until"].tolist(),
            strict=True,
        )
    )
