"""Small helpers shared by the generator modules: random streams and date arrays.

Dates are handled as numpy day offsets from the financial year start, so whole columns
are drawn at once; they become `datetime.date` only when models are built.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from matcher.councils import CouncilRegistry

STREAMS = {"peers": 1, "unavailability": 2, "conflicts": 3, "challenges": 4, "seats": 5}
"""One independent random stream per part, so changing how one part is drawn leaves the
others' draws (and files) unchanged for the same seed."""


def rng_for(seed: int, part: str) -> np.random.Generator:
    """The generator for one part of the programme (numpy's seeding, never `random`)."""
    return np.random.default_rng([STREAMS[part], seed])


def shares(mapping: dict[str, float]) -> tuple[list[str], np.ndarray]:
    """Keys in their declared order and their weights normalised to sum to 1."""
    keys = list(mapping)
    weights = np.array([mapping[k] for k in keys], dtype=float)
    return keys, weights / weights.sum()


def exact_draw(rng: np.random.Generator, mapping: dict[str, float], n: int) -> np.ndarray:
    """n keys in exactly their shares (largest remainder), shuffled.

    Used for the columns that decide who can fill scarce seats (party, officer role), so a
    small pool does not come out with half the expected Conservatives by chance.
    """
    keys, p = shares(mapping)
    raw = p * n
    counts = np.floor(raw).astype(int)
    short = n - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:short]] += 1
    return rng.permutation(np.repeat(np.array(keys), counts))


def to_dates(day0: date, offsets: np.ndarray, present: np.ndarray | None = None) -> list:
    """Day offsets from `day0` as `date`s (None where `present` is False)."""
    days = np.datetime64(day0, "D") + offsets.astype("timedelta64[D]")
    if present is not None:
        days = np.where(present, days, np.datetime64("NaT"))
    return days.astype(object).tolist()


def population_weights(councils: CouncilRegistry) -> np.ndarray:
    """Probability of each council (registry order) in proportion to its population.

    Peers and conflicts come from big councils more often, as they employ more staff and
    return more councillors; a council with no population figure counts as the median.
    """
    pops = np.array([councils[c].population or 0 for c in councils.codes], dtype=float)
    pops[pops <= 0] = np.median(pops[pops > 0]) if (pops > 0).any() else 1.0
    return pops / pops.sum()


def padded_ids(prefix: str, count: int, width: int) -> list[str]:
    """Ids such as P00042 that sort in creation order as plain strings."""
    return [f"{prefix}{i:0{width}d}" for i in range(1, count + 1)]
