"""Searches over one MatchingProblem that a single answer does not give: forced pairs,
k best distinct answers, relaxation and an infeasibility core.

Domain-free, and no constraint code of its own: the model is `solver.model.build_model`
of the problem, the same core the batch solves. matcher.shortlist asks it about one team
with the rest of the year fixed; this module adds only the options around that model:
- `force(pair)`: the pair must be chosen (why-not, pinned placements);
- `differ(answer, d)`: the next answer shares at most n_seats - d pairs with `answer`
  (k-best cuts);
- modes for the problem's waivers: strict (every waiver off), relax (waivers allowed,
  their cost weighed before anything else) and diagnose (waivers assumed off, and CP-SAT
  names the assumptions that suffice for infeasibility).

The CP-SAT parameters are those of a tiny model: one worker and a single presolve pass
without probing or symmetry detection (measured: repeated presolve, probing and symmetry
cost about twice the search on a model of a few hundred booleans).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from solver import rows
from solver.model import build_model, chosen
from solver.problem import MatchingProblem

RELAX_SCALE = 10_000_000
"""Relaxation cost outweighs any team cost (teams cost far less than 10M points)."""

MODES = ("strict", "relax", "diagnose")


@dataclass
class TeamAnswer:
    items: np.ndarray
    """Chosen item indices."""
    option: int
    """The chosen option of team 0 (the team a one-team problem is about)."""
    cost: int
    """Objective without the constant offsets and without the waivers' weight."""
    waivers: list[int] = field(default_factory=list)


class TeamSearch:
    """The CP-SAT model of one MatchingProblem, kept so it can be cut and re-solved."""

    def __init__(self, problem: MatchingProblem, mode: str = "strict", time_limit_s: float = 10.0):
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {MODES}")
        self.p, self.mode, self.time_limit_s = problem, mode, time_limit_s
        self.built = build_model(problem)
        self.pair_items = rows.PairItems(problem.item_pair, problem.n_pairs)
        model, waivers = self.built.model, self.built.waivers
        if mode == "strict":
            for w in waivers:
                rows.linear(model, [w.index], [1], 0, 0)
        elif mode == "relax" and waivers:
            objective = model.proto.objective
            objective.vars.extend([w.index for w in waivers])
            objective.coeffs.extend([RELAX_SCALE * int(w.cost) for w in problem.waivers])

    def _pair_rows(self, pairs) -> np.ndarray:
        return self.pair_items.of(np.asarray(pairs, dtype=np.int64))[0]

    def force(self, pair: int) -> None:
        """`pair` must be chosen; -1 (no such candidate) makes the model infeasible."""
        if pair < 0:
            self.built.model.add_bool_or([])
            return
        items = self._pair_rows([pair])
        rows.linear(self.built.model, items, np.ones(len(items), np.int64), 1, 1)

    def differ(self, answer: TeamAnswer, d: int) -> None:
        """Cut: the next answer shares at most n_seats - d chosen pairs with `answer`."""
        items = self._pair_rows(np.unique(self.p.item_pair[answer.items]))
        ones = np.ones(len(items), np.int64)
        rows.linear(self.built.model, items, ones, rows.INT_MIN, self.p.n_seats - d)

    def _solver(self) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_time_in_seconds = self.time_limit_s
        solver.parameters.max_presolve_iterations = 1
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
        return solver

    def solve(self) -> TeamAnswer | None:
        """The cheapest answer (relax mode: cheapest waivers first), or None if infeasible."""
        solver = self._solver()
        if solver.solve(self.built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        items, options = chosen(self.p, self.built, solver.boolean_value)
        used = [r for r, w in enumerate(self.built.waivers) if solver.boolean_value(w)]
        weight = RELAX_SCALE * sum(self.p.waivers[r].cost for r in used)
        weight = weight if self.mode == "relax" else 0
        offset = sum(self.p.offsets.values())
        cost = round(solver.objective_value) - offset - weight
        return TeamAnswer(items, int(options[0]) if len(options) else -1, int(cost), used)

    def diagnose(self) -> list[int] | None:
        """Waivers whose being off suffices for infeasibility (None: feasible as is)."""
        model = self.built.model
        model.clear_objective()
        model.add_assumptions([w.Not() for w in self.built.waivers])
        solver = self._solver()
        if solver.solve(model) != cp_model.INFEASIBLE:
            return None
        core = set(solver.sufficient_assumptions_for_infeasibility())
        return [
            r for r, w in enumerate(self.built.waivers) if w.Not().index in core or w.index in core
        ]


def k_best(problem: MatchingProblem, k: int, d: int, forced=()) -> list[TeamAnswer]:
    """Up to `k` strict answers, best first, each differing from every earlier one in >= d
    seats; `forced` pairs are in every answer."""
    search = TeamSearch(problem)
    for pair in forced:
        search.force(pair)
    out: list[TeamAnswer] = []
    while len(out) < k:
        answer = search.solve()
        if answer is None:
            break
        out.append(answer)
        search.differ(answer, d)
    return out
