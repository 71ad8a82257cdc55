"""The per-programme index a shortlist request starts from, built once and kept in memory.

Everything that does not depend on the request is computed here (peer columns and the
exclusion side tables of matcher.eligibility, the plan as a matcher.plan_usage.PlanUsage,
the S4 group-office targets), so a request only masks and scores one challenge's seats. The
API keeps one ShortlistIndex per loaded programme and plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np

from matcher.eligibility import Eligibility
from matcher.models import Assignment, PlacementStatus
from matcher.plan_usage import PlanUsage, with_placements
from matcher.programme import Programme
from matcher.scoring import group_targets


class ShortlistIndex:
    """Programme + existing plan, indexed for many shortlist / why-not / replace requests."""

    def __init__(self, programme: Programme, assignments: Sequence[Assignment] = ()):
        self.programme = programme
        self.elig = Eligibility(programme)
        self.peers = self.elig.peers
        self.peer_index = self.elig.peer_index
        self.plan = PlanUsage(programme, with_placements(programme, assignments))
        self.targets = {g.value: t for g, t in group_targets(programme).items() if g}
        _ = programme.councils.distance_miles, programme.councils.area_index

    @cached_property
    def office_code(self) -> np.ndarray:
        """Group office of every member peer ('' for officers), for S4 shares."""
        return np.array(
            [p.group_office.value if p.group_office else "" for p in self.programme.peers],
            dtype=object,
        )

    def placements_of(self, challenge_id: str, status: PlacementStatus | None = None):
        return [
            pl
            for pl in self.programme.placements
            if pl.challenge_id == challenge_id and (status is None or pl.status is status)
        ]

    def peer_idx(self, peer_id: str) -> int:
        return self.peer_index[peer_id]
