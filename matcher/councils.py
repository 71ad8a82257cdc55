"""Real council reference data and the geography behind rule H5 and cost S3.

The files ship inside the package (matcher/data, AppSettings.data_dir overrides): English
and Welsh councils and the pairs that share a boundary, across the border too. A programme
folder may carry its own `councils` / `council_neighbours` tables (tests use tiny ones);
otherwise the reference files are used.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.models import Council, CouncilType, Party

COUNCILS_FILE = "councils_england.csv"
WELSH_COUNCILS_FILE = "councils_wales.csv"
"""Optional beside COUNCILS_FILE: Welsh councils (served on a paid-for basis)."""
NEIGHBOURS_FILE = "council_neighbours.csv"

PARTY_OF_LABEL: dict[str, Party] = {
    "Conservative": Party.CON,
    "Labour": Party.LAB,
    "Liberal Democrats": Party.LD,
    "Green": Party.GREEN,
    "Other": Party.IND,
    "Plaid Cymru": Party.OTHER,
}
"""docs/format.md: published party labels to party codes ('Other' -> ind)."""

EARTH_RADIUS_MILES = 3958.8


def leader_party_of(political_control: str, largest_party: str) -> Party | None:
    """docs/format.md: the controlling party, or for 'NOC' councils the largest party."""
    label = largest_party if political_control.strip().upper() == "NOC" else political_control
    return PARTY_OF_LABEL.get(label.strip())


def council_from_row(row: dict[str, str]) -> Council:
    """Build a Council from one reference-file row (raises ValueError on bad values)."""
    population = row.get("population") or None
    return Council(
        ons_code=row["ons_code"].strip(),
        name=row["name"].strip(),
        type=CouncilType(row["type"].strip()),
        region=row["region"].strip(),
        parent_ons_code=(row.get("parent_ons_code") or "").strip() or None,
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        population=int(population) if population else None,
        political_control=row["political_control"].strip(),
        largest_party=row["largest_party"].strip(),
        leader_party=leader_party_of(row["political_control"], row["largest_party"]),
    )


class CouncilRegistry:
    """All councils by code, with two-tier areas, neighbours and distances (H5, S3)."""

    def __init__(self, councils: Iterable[Council], neighbour_pairs: Iterable[tuple[str, str]]):
        self.by_code: dict[str, Council] = {c.ons_code: c for c in councils}
        self.codes: list[str] = sorted(self.by_code)
        self.index: dict[str, int] = {code: i for i, code in enumerate(self.codes)}
        self.neighbour_pairs: frozenset[frozenset[str]] = frozenset(
            frozenset(pair) for pair in neighbour_pairs if pair[0] != pair[1]
        )

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> CouncilRegistry:
        """Read the reference files from `data_dir` (matcher/data by default).

        The Welsh table is read when present; a neighbour pair naming a council that is not
        loaded (a border pair with an English-only data folder) is kept but never matches.
        """
        files = [data_dir / COUNCILS_FILE]
        if (data_dir / WELSH_COUNCILS_FILE).exists():
            files.append(data_dir / WELSH_COUNCILS_FILE)
        rows = [
            row
            for file in files
            for row in pd.read_csv(file, dtype=str, keep_default_na=False).to_dict("records")
        ]
        pairs = pd.read_csv(data_dir / NEIGHBOURS_FILE, dtype=str, keep_default_na=False)
        return cls(
            (council_from_row(r) for r in rows),
            zip(pairs["ons_code_a"].str.strip(), pairs["ons_code_b"].str.strip(), strict=True),
        )

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def __getitem__(self, code: str) -> Council:
        return self.by_code[code]

    def __len__(self) -> int:
        return len(self.codes)

    def county_of(self, code: str) -> str:
        """The two-tier area key: a district's county, else the council itself."""
        return self.by_code[code].parent_ons_code or code

    def same_two_tier_area(self, a: str, b: str) -> bool:
        """H5: a district and its county, or two districts of one county (not a == b)."""
        return a != b and self.county_of(a) == self.county_of(b)

    def are_neighbours(self, a: str, b: str) -> bool:
        """H5: the two councils' areas share a boundary (council_neighbours.csv)."""
        return frozenset((a, b)) in self.neighbour_pairs

    @cached_property
    def area_index(self) -> np.ndarray:
        """For each council index, the index of its two-tier area key (vectorised H5)."""
        return np.array([self.index[self.county_of(c)] for c in self.codes], dtype=np.int32)

    @cached_property
    def neighbour_matrix(self) -> np.ndarray:
        """Boolean matrix [council, council]: True where the two share a boundary."""
        n = len(self.codes)
        matrix = np.zeros((n, n), dtype=bool)
        for pair in self.neighbour_pairs:
            a, b = tuple(pair)
            if a in self.index and b in self.index:
                matrix[self.index[a], self.index[b]] = matrix[self.index[b], self.index[a]] = True
        return matrix

    @cached_property
    def distance_miles(self) -> np.ndarray:
        """Great-circle distance in miles between council centroids [council, council]."""
        lat = np.radians([self.by_code[c].latitude for c in self.codes])
        lon = np.radians([self.by_code[c].longitude for c in self.codes])
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        cos_product = np.cos(lat[:, None]) * np.cos(lat[None, :])
        h = np.sin(dlat / 2) ** 2 + cos_product * np.sin(dlon / 2) ** 2
        return 2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))

    def miles_between(self, a: str, b: str) -> float:
        return float(self.distance_miles[self.index[a], self.index[b]])
