"""A tiny numeric team model on CP-SAT: one team, a few seats, k best distinct answers.

Domain-free (it knows seats, candidates, homes and party values, never councils): the
one-team sibling of solver.solve, used by matcher.shortlist (its candidates' points come
from the batch encoding's code, matcher.encoding.points). It still exists beside
solver.solve because a shortlist needs what the batch core does not offer: the
same model re-solved with "differ from the previous team in d seats" cuts, forced
candidates (why-not, replace), assumption literals for an infeasibility core, and
relaxation literals with costs.

Vocabulary: a *candidate* is (seat, peer, option) with an integer cost; the team picks one
start *option* and at most one candidate per seat (exactly one where the seat must be
filled). A *waiver* is a literal that lifts one rule instance: a candidate that needs
waivers may be chosen only if they are on; team rules (the party mix, hard counts) hold
unless their waiver is on. Strict solves drop every waiver; `diagnose` asks CP-SAT for
the assumptions (waivers off) that suffice for infeasibility; `relax` minimises the
waivers' cost first and the team's cost second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

RELAX_SCALE = 10_000_000
"""Relaxation cost outweighs any team cost (teams cost far less than 10M points)."""


@dataclass(frozen=True)
class Count:
    """At least `lo` chosen candidates in `mask`; `cost` per unit short (0 = hard)."""

    mask: np.ndarray
    lo: int
    cost: int = 0
    waiver: int = -1


@dataclass(frozen=True)
class Deviation:
    """`cost` x |sum of chosen candidates in `mask` - target|."""

    mask: np.ndarray
    target: int
    cost: int


@dataclass
class TeamProblem:
    """Arrays describing one team's choice; see the module docstring."""

    seat_must_fill: np.ndarray
    n_options: int
    cand_seat: np.ndarray
    cand_peer: np.ndarray
    cand_home: np.ndarray
    cand_option: np.ndarray
    cand_cost: np.ndarray
    cand_party: np.ndarray
    """Party value of a candidate that counts toward the mix, -1 otherwise."""
    mix_seats: int = 0
    """Must-fill seats whose candidates count toward the mix (rule applies from 2)."""
    mix_waiver: int = -1
    counts: list[Count] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    cand_waivers: list[tuple[int, ...]] = field(default_factory=list)
    option_waivers: list[tuple[int, ...]] = field(default_factory=list)
    waiver_cost: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def n_seats(self) -> int:
        return len(self.seat_must_fill)

    @property
    def n_cands(self) -> int:
        return len(self.cand_seat)

    def needs_waiver(self) -> np.ndarray:
        """Candidates that need at least one waiver (dropped by strict solves)."""
        opt_needs = np.array([bool(w) for w in self.option_waivers] or [False] * self.n_options)
        own = (
            np.array([bool(w) for w in self.cand_waivers], dtype=bool)
            if self.cand_waivers
            else np.zeros(self.n_cands, dtype=bool)
        )
        return own | opt_needs[self.cand_option]


@dataclass
class TeamAnswer:
    chosen: np.ndarray
    """Chosen candidate indices, one per filled seat."""
    option: int
    cost: int
    waivers: list[int] = field(default_factory=list)


class TeamModel:
    """The CP-SAT model of one TeamProblem, kept so it can be cut and re-solved."""

    def __init__(self, problem: TeamProblem, mode: str = "strict", time_limit_s: float = 10.0):
        self.p, self.mode = problem, mode
        self.m = cp_model.CpModel()
        self.time_limit_s = time_limit_s
        usable = ~problem.needs_waiver() if mode == "strict" else np.ones(problem.n_cands, bool)
        self.idx = np.flatnonzero(usable)
        self.x = {int(c): self.m.new_bool_var(f"x{c}") for c in self.idx}
        n_w = len(problem.waiver_cost) if mode != "strict" else 0
        self.w = [self.m.new_bool_var(f"w{r}") for r in range(n_w)]
        self.terms: list = []
        self._options()
        self._seats_and_homes()
        self._waivers()
        self._mix()
        self._counts_and_deviations()

    def _options(self) -> None:
        """Exactly one start option; a candidate only at the chosen option."""
        p = self.p
        self.y = [self.m.new_bool_var(f"y{o}") for o in range(p.n_options)]
        self.m.add_exactly_one(self.y)
        for c, var in self.x.items():
            self.m.add_implication(var, self.y[int(p.cand_option[c])])

    def _group(self, keys: np.ndarray) -> dict[int, list]:
        out: dict[int, list] = {}
        for c in self.idx.tolist():
            out.setdefault(int(keys[c]), []).append(self.x[c])
        return out

    def _seats_and_homes(self) -> None:
        """Seats: exactly one (must fill) or at most one; homes: at most one (H8, so H2)."""
        p = self.p
        by_seat = self._group(p.cand_seat)
        for s in range(p.n_seats):
            vars_ = by_seat.get(s, [])
            if p.seat_must_fill[s]:
                self.m.add_exactly_one(vars_) if vars_ else self.m.add_bool_or([])
            elif vars_:
                self.m.add_at_most_one(vars_)
        for vars_ in self._group(p.cand_home).values():
            if len(vars_) > 1:
                self.m.add_at_most_one(vars_)
        for c, var in self.x.items():
            self.terms.append((int(p.cand_cost[c]), var))

    def _waivers(self) -> None:
        if not self.w:
            return
        p = self.p
        for c, var in self.x.items():
            for r in p.cand_waivers[c] if p.cand_waivers else ():
                self.m.add_implication(var, self.w[r])
        for o, lits in enumerate(p.option_waivers):
            for r in lits:
                self.m.add_implication(self.y[o], self.w[r])

    def _mix(self) -> None:
        """Two or more mix seats are not all of one party value (waivable)."""
        p = self.p
        if p.mix_seats < 2:
            return
        for value, vars_ in self._group(np.where(p.cand_party >= 0, p.cand_party, -1)).items():
            if value < 0:
                continue
            slack = p.mix_seats * self.w[p.mix_waiver] if self.w and p.mix_waiver >= 0 else 0
            self.m.add(sum(vars_) <= p.mix_seats - 1 + slack)

    def _counts_and_deviations(self) -> None:
        p = self.p
        for k, count in enumerate(p.counts):
            chosen = sum(self.x[c] for c in np.flatnonzero(count.mask) if c in self.x)
            if count.cost:
                short = self.m.new_int_var(0, count.lo, f"short{k}")
                self.m.add(chosen + short >= count.lo)
                self.terms.append((count.cost, short))
            elif self.w and count.waiver >= 0:
                self.m.add(chosen + count.lo * self.w[count.waiver] >= count.lo)
            else:
                self.m.add(chosen >= count.lo)
        for k, dev in enumerate(p.deviations):
            chosen = sum(self.x[c] for c in np.flatnonzero(dev.mask) if c in self.x)
            bound = p.n_seats + abs(dev.target)
            up = self.m.new_int_var(0, bound, f"up{k}")
            down = self.m.new_int_var(0, bound, f"down{k}")
            self.m.add(chosen - dev.target == up - down)
            self.terms += [(dev.cost, up), (dev.cost, down)]

    def force(self, seat: int, peer: int) -> None:
        """The team must seat `peer` in `seat` (why-not, pinned placements)."""
        p = self.p
        vars_ = [v for c, v in self.x.items() if p.cand_seat[c] == seat and p.cand_peer[c] == peer]
        self.m.add(sum(vars_) == 1) if vars_ else self.m.add_bool_or([])

    def differ(self, answer: TeamAnswer, d: int) -> None:
        """Cut: the next team shares at most n_seats - d (seat, peer) choices with `answer`."""
        p = self.p
        held = {(int(p.cand_seat[c]), int(p.cand_peer[c])) for c in answer.chosen}
        same = [v for c, v in self.x.items() if (int(p.cand_seat[c]), int(p.cand_peer[c])) in held]
        self.m.add(sum(same) <= p.n_seats - d)

    def _solver(self) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_time_in_seconds = self.time_limit_s
        # A model of a few hundred booleans: repeated presolve, probing and symmetry
        # detection cost more than the search (measured: about 2x per solve).
        solver.parameters.max_presolve_iterations = 1
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
        return solver

    def solve(self) -> TeamAnswer | None:
        """The cheapest team (relax mode: cheapest waivers first), or None if infeasible."""
        objective = sum(c * v for c, v in self.terms)
        if self.mode == "relax":
            objective += RELAX_SCALE * sum(
                int(self.p.waiver_cost[r]) * w for r, w in enumerate(self.w)
            )
        self.m.minimize(objective)
        solver = self._solver()
        if solver.solve(self.m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        chosen = np.array(
            sorted(c for c, v in self.x.items() if solver.boolean_value(v)), dtype=np.int64
        )
        option = next(o for o, y in enumerate(self.y) if solver.boolean_value(y))
        cost = int(sum(c * solver.value(v) for c, v in self.terms))
        used = [r for r, w in enumerate(self.w) if solver.boolean_value(w)]
        return TeamAnswer(chosen, option, cost, used)

    def diagnose(self) -> list[int] | None:
        """Waivers whose being off suffices for infeasibility (None: feasible as is)."""
        self.m.clear_objective()
        self.m.add_assumptions([w.Not() for w in self.w])
        solver = self._solver()
        status = solver.solve(self.m)
        if status != cp_model.INFEASIBLE:
            return None
        core = set(solver.sufficient_assumptions_for_infeasibility())
        return [r for r, w in enumerate(self.w) if w.Not().index in core or w.index in core]


def k_best(
    problem: TeamProblem, k: int, d: int, forced: list[tuple[int, int]] = ()
) -> list[TeamAnswer]:
    """Up to `k` teams, best first, each differing from every earlier one in >= d seats."""
    model = TeamModel(problem)
    for seat, peer in forced:
        model.force(seat, peer)
    out: list[TeamAnswer] = []
    while len(out) < k:
        answer = model.solve()
        if answer is None:
            break
        out.append(answer)
        model.differ(answer, d)
    return out
