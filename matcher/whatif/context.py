"""What every change function needs: the scenario, the change's position, a seeded RNG.

Changes never edit a Programme: each returns a new one (dataclasses.replace), so the base
stays the same value for every scenario and results are reproducible from the file alone.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from matcher.programme import Programme


class ChangeError(ValueError):
    """A change that cannot be applied to this programme (unknown region, council...)."""


@dataclass(frozen=True)
class ChangeContext:
    scenario: str
    index: int
    """0-based position of the change in its scenario."""
    seed: int = 0

    @property
    def id_prefix(self) -> str:
        """Synthetic ids for peers and challenges this change adds: WI-<scenario>-<n>."""
        return f"WI-{self.scenario}-{self.index + 1}"

    def rng(self) -> np.random.Generator:
        """A stream fixed by (seed, scenario, change), independent of other changes."""
        key = zlib.crc32(f"{self.scenario}:{self.index}".encode())
        return np.random.default_rng([self.seed, key])


def regions(programme: Programme) -> list[str]:
    return sorted({c.region for c in programme.councils.by_code.values()})


def check_region(programme: Programme, region: str | None) -> None:
    if region is not None and region not in regions(programme):
        raise ChangeError(f"unknown region {region!r}; known: {', '.join(regions(programme))}")


def check_councils(programme: Programme, codes: list[str]) -> None:
    unknown = [c for c in codes if c not in programme.councils]
    if unknown:
        raise ChangeError(f"unknown council code(s): {', '.join(unknown)}")


def known_tags(programme: Programme) -> set[str]:
    """Tags some peer holds or some seat asks for: anything else is probably a typo."""
    tags = {t for p in programme.peers for t in p.tags}
    for seat in programme.all_seats:
        tags |= seat.required_tags | seat.preferred_tags
    return tags


def check_tags(programme: Programme, tags: list[str]) -> None:
    unknown = sorted(set(tags) - known_tags(programme))
    if unknown:
        raise ChangeError(f"no peer holds and no seat asks for tag(s) {', '.join(unknown)}")


def year_start(programme: Programme) -> date:
    """First day of the programme's financial year (H4)."""
    start = programme.settings.financial_year_start
    if start is not None:
        return start
    return date(programme.financial_year, 4, 1)


def year_end(programme: Programme) -> date:
    start = year_start(programme)
    return start.replace(year=start.year + 1) - timedelta(days=1)
