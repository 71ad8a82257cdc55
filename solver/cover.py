"""A numeric covering model on CP-SAT: tasks taken by existing or hireable resources.

Domain-free (tasks, resources, capacities, periods, zones; never seats or peers): the
model behind the what-if's "smallest recruitment" (matcher.whatif.gap_model builds it).
Each task is taken by one resource of its pairs or left uncovered at `unfilled_cost`.
A resource holds no two tasks whose closed periods meet, and within each capacity group
its tasks' weights stay within its limit. *Available* resources (hire cost -1) may go
over by overtime at a fixed plus a per-unit cost, when `overtime_max` allows it; *hired*
resources cost their hire price once used, are hired in order after `resource_prev`,
never take two `exclusive` tasks, pay 1 for each `discouraged` pair they take and, when
their tasks span several zones, 1 per zone. `at_most` rows cap sums of pairs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from solver.solve import SolveStatus, relative_gap


@dataclass
class CoverProblem:
    task_weight: np.ndarray
    """Capacity units a task takes of its resource's limit in the task's group."""
    task_period: np.ndarray
    """[task, 2]: first and last time of the task (closed interval)."""
    task_group: np.ndarray
    """Capacity group of each task (limits are per resource and group)."""
    task_zone: np.ndarray
    """Zone of each task (hired resources spanning zones pay 1 per zone)."""
    unfilled_cost: int
    pair_resource: np.ndarray
    pair_task: np.ndarray
    resource_hire: np.ndarray
    """Hire cost per resource; -1 for a resource that is already available."""
    resource_prev: np.ndarray
    """A hired resource is hired only after this one (-1: no order)."""
    limit: dict[tuple[int, int], int]
    """(resource, group) -> capacity; a hired resource's applies once hired."""
    overtime_max: int = 0
    overtime_fixed: int = 0
    overtime_unit: int = 0
    exclusive: set[tuple[int, int]] = field(default_factory=set)
    discouraged: set[tuple[int, int]] = field(default_factory=set)
    at_most: list[tuple[np.ndarray, int]] = field(default_factory=list)
    hint_pairs: set[int] = field(default_factory=set)


@dataclass
class CoverSolution:
    status: SolveStatus
    chosen: list[int]
    """Pair indices taken."""
    overtime: dict[int, int]
    """Resource -> units above its limit (available resources only)."""
    objective: int | None
    bound: float | None
    gap: float | None
    seconds: float
    uncovered: list[int]


class _Model:
    """Variables of one CoverProblem, kept together so each family is a method."""

    def __init__(self, p: CoverProblem):
        self.p, self.m = p, cp_model.CpModel()
        self.x = [self.m.new_bool_var(f"x_{i}") for i in range(len(p.pair_task))]
        self.by_resource: dict[int, list[int]] = defaultdict(list)
        for i, r in enumerate(p.pair_resource.tolist()):
            self.by_resource[r].append(i)
        n_tasks = len(p.task_weight)
        self.u = [self.m.new_bool_var(f"uncovered_{t}") for t in range(n_tasks)]
        self.hired = np.flatnonzero(p.resource_hire >= 0).tolist()
        self.y = {r: self.m.new_bool_var(f"hire_{r}") for r in self.hired}
        self.extra: dict[int, cp_model.IntVar] = {}
        self.objective: list = []

    def cover(self) -> None:
        takers: dict[int, list] = defaultdict(list)
        for i, t in enumerate(self.p.pair_task.tolist()):
            takers[t].append(self.x[i])
        for t, u in enumerate(self.u):
            self.m.add(sum(takers[t]) + u == 1)
            self.objective.append(self.p.unfilled_cost * u)

    def capacity(self) -> None:
        p = self.p
        for r, pairs in self.by_resource.items():
            by_group: dict[int, list[int]] = defaultdict(list)
            for i in pairs:
                by_group[int(p.task_group[p.pair_task[i]])].append(i)
            for group, idx in by_group.items():
                load = [int(p.task_weight[p.pair_task[i]]) * self.x[i] for i in idx]
                if r in self.y:
                    self._hired_cap(r, group, idx, load)
                else:
                    self.m.add(sum(load) <= p.limit[(r, group)] + self._overtime(r))

    def _hired_cap(self, r: int, group: int, idx: list[int], load: list) -> None:
        """The limit once hired, and (the same rule, stated so the LP bound sees it) at
        most limit // lightest task's weight tasks in the group."""
        cap = self.p.limit[(r, group)]
        self.m.add(sum(load) <= cap * self.y[r])
        lightest = min(int(self.p.task_weight[self.p.pair_task[i]]) for i in idx)
        if lightest > 0:
            self.m.add(sum(self.x[i] for i in idx) <= (cap // lightest) * self.y[r])

    def _overtime(self, r: int):
        p = self.p
        if p.overtime_max <= 0:
            return 0
        if r not in self.extra:
            extra = self.m.new_int_var(0, p.overtime_max, f"overtime_{r}")
            used = self.m.new_bool_var(f"overtime_used_{r}")
            self.m.add(extra <= p.overtime_max * used)
            self.objective += [p.overtime_fixed * used, p.overtime_unit * extra]
            self.extra[r] = extra
        return self.extra[r]

    def overlaps(self) -> None:
        p = self.p
        for pairs in self.by_resource.values():
            periods = [tuple(p.task_period[p.pair_task[i]].tolist()) for i in pairs]
            for clique in _cliques(periods):
                if len(clique) > 1:
                    self.m.add(sum(self.x[pairs[k]] for k in clique) <= 1)

    def hiring(self) -> None:
        p = self.p
        for i, r in enumerate(p.pair_resource.tolist()):
            if r in self.y:
                self.m.add(self.x[i] <= self.y[r])
        for r in self.hired:
            self.objective.append(int(p.resource_hire[r]) * self.y[r])
            prev = int(p.resource_prev[r])
            if prev >= 0:
                self.m.add(self.y[r] <= self.y[prev])
            pair_of = {int(p.pair_task[i]): i for i in self.by_resource[r]}
            for t1, t2 in p.exclusive:
                if t1 in pair_of and t2 in pair_of:
                    self.m.add(self.x[pair_of[t1]] + self.x[pair_of[t2]] <= 1)
            self._zones(r, pair_of)

    def _zones(self, r: int, pair_of: dict[int, int]) -> None:
        by_zone: dict[int, list] = defaultdict(list)
        for t, i in pair_of.items():
            by_zone[int(self.p.task_zone[t])].append(self.x[i])
        if len(by_zone) > 1:
            for zone, xs in by_zone.items():
                touched = self.m.new_bool_var(f"zone_{r}_{zone}")
                for x in xs:
                    self.m.add(x <= touched)
                self.objective.append(touched)
        for t1, t2 in self.p.discouraged:
            if t1 in pair_of and t2 in pair_of:
                both = self.m.new_bool_var(f"both_{r}_{t1}_{t2}")
                self.m.add(both >= self.x[pair_of[t1]] + self.x[pair_of[t2]] - 1)
                self.objective.append(both)

    def rows(self) -> None:
        for pairs, limit in self.p.at_most:
            self.m.add(sum(self.x[int(i)] for i in pairs) <= limit)

    def hint(self) -> None:
        p = self.p
        for i, x in enumerate(self.x):
            self.m.add_hint(x, i in p.hint_pairs)
        used = {int(p.pair_resource[i]) for i in p.hint_pairs}
        for r, y in self.y.items():
            self.m.add_hint(y, r in used)
        covered = {int(p.pair_task[i]) for i in p.hint_pairs}
        for t, u in enumerate(self.u):
            self.m.add_hint(u, t not in covered)


def _cliques(periods: list[tuple]) -> list[list[int]]:
    """Maximal sets of pairwise-overlapping closed intervals (a sweep over start points)."""
    order = sorted(range(len(periods)), key=lambda i: periods[i][0])
    out: list[list[int]] = []
    for i in order:
        point = periods[i][0]
        clique = [j for j in order if periods[j][0] <= point <= periods[j][1]]
        if not out or not set(clique) <= set(out[-1]):
            out.append(clique)
    return out


def solve_cover(
    problem: CoverProblem, time_limit_s: float = 30.0, workers: int = 1, seed: int = 0
) -> CoverSolution:
    """Build and solve the model (module docstring); statuses are the project's own."""
    mdl = _Model(problem)
    mdl.cover()
    mdl.capacity()
    mdl.overlaps()
    mdl.hiring()
    mdl.rows()
    mdl.m.minimize(sum(mdl.objective))
    mdl.hint()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(mdl.m)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status = SolveStatus.INFEASIBLE if code == cp_model.INFEASIBLE else SolveStatus.TIMEOUT
        everything = list(range(len(problem.task_weight)))
        return CoverSolution(status, [], {}, None, None, None, solver.wall_time, everything)
    objective = int(round(solver.objective_value))
    bound = float(solver.best_objective_bound)
    return CoverSolution(
        SolveStatus.OPTIMAL if code == cp_model.OPTIMAL else SolveStatus.FEASIBLE,
        [i for i, x in enumerate(mdl.x) if solver.boolean_value(x)],
        {r: solver.value(v) for r, v in mdl.extra.items() if solver.value(v) > 0},
        objective,
        bound,
        relative_gap(objective, bound),
        solver.wall_time,
        [t for t, u in enumerate(mdl.u) if solver.boolean_value(u)],
    )
