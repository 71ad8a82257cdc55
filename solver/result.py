"""What a solve returns and reports, in the project's own terms (not CP-SAT's)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from solver.measure import controllable_gap


class SolveStatus(StrEnum):
    """Outcome of a solve, independent of CP-SAT's own status codes."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class Progress:
    """One improving solution, as reported to a progress callback."""

    objective: int
    bound: float
    elapsed_s: float
    constant: float | None = None
    """The objective's constant part (solver.measure), when the caller knows it."""

    @property
    def gap(self) -> float:
        return relative_gap(self.objective, self.bound)

    @property
    def controllable_gap(self) -> float | None:
        if self.constant is None:
            return None
        return controllable_gap(self.objective, self.bound, self.constant)


@dataclass
class SolveResult:
    status: SolveStatus
    chosen_items: np.ndarray
    team_option: np.ndarray
    objective: int | None
    bound: float | None
    gap: float | None
    wall_s: float
    build_s: float
    first_solution_s: float | None = None
    best_solution_s: float | None = None
    penalties: dict[str, int] = field(default_factory=dict)
    stats: dict[str, float] = field(default_factory=dict)

    @classmethod
    def without_plan(
        cls, status: SolveStatus, wall_s: float, build_s: float, stats: dict | None = None
    ) -> SolveResult:
        """An infeasible or timed-out solve: no items, no objective, no bound."""
        empty = np.zeros(0, dtype=np.int64)
        return cls(status, empty, empty, None, None, None, wall_s, build_s, stats=stats or {})


def relative_gap(objective: float, bound: float) -> float:
    """(objective - bound) / |objective|, 0 for a proven or zero objective, 1 (100%) while
    there is no finite bound yet."""
    if not math.isfinite(bound):
        return 1.0
    if objective == 0:
        return 0.0 if bound >= 0 else 1.0
    return max(0.0, (objective - bound) / abs(objective))


ProgressCallback = Callable[[Progress], None]
