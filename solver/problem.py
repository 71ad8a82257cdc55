"""The compact numeric matching problem the core solves (no domain imports).

Vocabulary:
- a *seat* needs at most one peer (exactly one when `seat_must_fill`);
- a *pair* is a candidate (peer, seat) with integer costs per label;
- every seat belongs to a *team*; a team picks exactly one start *option*;
- an *item* is a pair at one option; only items that are allowed exist. The decision
  variables are items: pair chosen = sum of its items.

Constraints, each group carrying a label (a rule code) for explanations:
- `cliques`: sets of items of which at most one may be chosen (overlapping busy periods);
- `capacities`: weighted item sums with a limit (day caps), optionally with a convex
  penalty `sum_k slope_k * max(0, load - offset_k)` (utilisation);
- `counts`: pair sets whose chosen count lies in [lo, hi]; a soft `lo` costs
  `shortfall_cost` per missing unit instead of being hard;
- `mixes`: pair sets with a value per pair: when two or more are chosen, they are not all
  of one value (party balance);
- `deviations`: `cost * |sum coef_j x_j - target|` (shares kept near a target);
- `rewards`: `reward` earned once when some pair of set A and some pair of set B are both
  chosen (set B empty: A alone suffices), at most once per reward row.
The objective (minimised) is the `offsets` + pair and item costs + unfilled penalties + the
above.

Waivers (optional): a *waiver* is a literal that lifts one rule instance, with a label and
a cost. An item or option listed in `item_waivers` / `option_waivers` may be chosen only
with its waivers on; a count's hard `lo` and a mix hold unless their `waiver` is on. The
waivers cost nothing in `build_model`; solver.team decides what they cost (strict: all
off; relax: weighed first; diagnose: assumed off, for an infeasibility core).
Item costs and waivers are read by the CP-SAT model and solver.team (item costs also by
evaluate and restrict); the batch's heuristics (greedy, the LP bound) never see them, as
the batch encoding has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class CountGroup:
    pairs: np.ndarray
    lo: int
    hi: int
    label: str
    shortfall_cost: int = 0
    """0: `lo` is hard; >0: each unit below `lo` costs this much instead."""
    waiver: int = -1
    """A hard `lo` holds unless this waiver is on (-1: none)."""


@dataclass(frozen=True)
class MixGroup:
    pairs: np.ndarray
    values: np.ndarray
    label: str
    waiver: int = -1
    """The mix holds unless this waiver is on (-1: none)."""


@dataclass(frozen=True)
class Capacity:
    items: np.ndarray
    weights: np.ndarray
    limit: int
    label: str
    penalty_offsets: tuple[int, ...] = ()
    penalty_slopes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Deviation:
    pairs: np.ndarray
    coefs: np.ndarray
    target: int
    cost: int
    label: str


@dataclass(frozen=True)
class Reward:
    pairs_a: np.ndarray
    pairs_b: np.ndarray
    reward: int
    label: str


@dataclass(frozen=True)
class Waiver:
    label: str
    cost: int


@dataclass
class MatchingProblem:
    """Arrays describing one matching problem; see the module docstring."""

    seat_team: np.ndarray
    seat_must_fill: np.ndarray
    seat_unfilled_cost: np.ndarray
    option_team: np.ndarray
    pair_peer: np.ndarray
    pair_seat: np.ndarray
    pair_costs: dict[str, np.ndarray]
    item_pair: np.ndarray
    item_option: np.ndarray
    cliques: list[np.ndarray] = field(default_factory=list)
    capacities: list[Capacity] = field(default_factory=list)
    counts: list[CountGroup] = field(default_factory=list)
    mixes: list[MixGroup] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    rewards: list[Reward] = field(default_factory=list)
    pinned_pairs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    hint_items: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    option_time: np.ndarray | None = None
    """Optional time of each option (e.g. a day number): enables the time-window LNS."""
    offsets: dict[str, int] = field(default_factory=dict)
    """Constant points per label (e.g. requests counted unmet until a pair meets them)."""
    item_costs: dict[str, np.ndarray] = field(default_factory=dict)
    """Costs per label an item pays on top of its pair's: a cost that depends on the start
    as well as the pair (e.g. with the rest of a plan fixed)."""
    waivers: list[Waiver] = field(default_factory=list)
    item_waivers: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    """Rows (item, waiver): the item needs that waiver on."""
    option_waivers: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    """Rows (option, waiver): the option needs that waiver on."""
    unfilled_label: str = "unfilled"

    @property
    def n_seats(self) -> int:
        return len(self.seat_team)

    @property
    def n_pairs(self) -> int:
        return len(self.pair_peer)

    @property
    def n_items(self) -> int:
        return len(self.item_pair)

    @property
    def n_teams(self) -> int:
        return int(self.option_team.max()) + 1 if len(self.option_team) else 0

    def pair_cost(self) -> np.ndarray:
        """Total cost of choosing each pair (sum over labels)."""
        total = np.zeros(self.n_pairs, dtype=np.int64)
        for costs in self.pair_costs.values():
            total += costs
        return total
