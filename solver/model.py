"""Build a CP-SAT model from a MatchingProblem.

`BuiltModel` owns the decision variables (one boolean per item, one per start option)
and the objective terms per label, so the solution can be decoded and the objective
explained by label afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from solver.problem import MatchingProblem


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    items: list[cp_model.IntVar]
    options: list[cp_model.IntVar | int]
    terms: dict[str, list[tuple[int, object]]] = field(default_factory=lambda: defaultdict(list))
    """Objective terms (coefficient, expression) grouped by label."""


def build_model(problem: MatchingProblem) -> BuiltModel:
    """Translate every part of the problem into CP-SAT variables and constraints."""
    model = cp_model.CpModel()
    items = [model.new_bool_var(f"i{i}") for i in range(problem.n_items)]
    built = BuiltModel(model=model, items=items, options=[])
    pair_items = _group(problem.item_pair, problem.n_pairs)
    pair_expr = [_sum(items, idx) for idx in pair_items]
    _add_options(problem, built)
    _add_seats(problem, built)
    _add_pair_costs(problem, built, pair_expr)
    for clique in problem.cliques:
        model.add_at_most_one(items[i] for i in clique)
    _add_capacities(problem, built)
    _add_counts(problem, built, pair_expr)
    _add_mixes(problem, built, pair_expr)
    _add_deviations(problem, built, pair_expr)
    _add_rewards(problem, built, pair_expr)
    for p in problem.pinned_pairs:
        model.add(pair_expr[p] == 1)
    objective = sum(c * e for terms in built.terms.values() for c, e in terms)
    model.minimize(objective + sum(problem.offsets.values()))
    _add_hint(problem, built)
    return built


def _add_hint(problem: MatchingProblem, built: BuiltModel) -> None:
    """Hint every variable: items and options from the plan, the auxiliary variables from
    a quick propagation of the model with the items fixed (CP-SAT mostly ignores an
    incomplete hint, and completing it by hand would repeat every definition above)."""
    if len(problem.hint_items) == 0:
        return
    chosen = np.zeros(problem.n_items, dtype=bool)
    chosen[problem.hint_items] = True
    fixed = built.model.clone()
    for var, value in zip(built.items, chosen.tolist(), strict=True):
        fixed.add(fixed.get_bool_var_from_proto_index(var.index) == int(value))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30.0
    if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return  # the plan breaks a constraint: no hint rather than a misleading one
    for index in range(len(built.model.proto.variables)):
        var = built.model.get_int_var_from_proto_index(index)
        built.model.add_hint(var, solver.value(var))


def chosen(problem: MatchingProblem, built: BuiltModel, value) -> tuple[np.ndarray, np.ndarray]:
    """(chosen item indices, chosen option of each team) of a solution, read with
    `value(literal) -> bool` (a solver's or a solution callback's boolean_value)."""
    items = np.array([i for i, v in enumerate(built.items) if value(v)], dtype=np.int64)
    options = np.full(problem.n_teams, -1, dtype=np.int64)
    for o, var in enumerate(built.options):
        if isinstance(var, int) or value(var):
            options[problem.option_team[o]] = o
    return items, options


def light_presolve(parameters) -> None:
    """Presolve to a fix point, probing and symmetry cost seconds on this model family and
    gain little (measured: 12-40 s of presolve at S before this)."""
    parameters.max_presolve_iterations = 1
    parameters.cp_model_probing_level = 0
    parameters.symmetry_level = 0


def _group(keys: np.ndarray, n: int) -> list[np.ndarray]:
    """Indices of `keys` grouped by key value 0..n-1 (vectorised)."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(n + 1))
    return [order[bounds[k] : bounds[k + 1]] for k in range(n)]


def _sum(variables: list, idx) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum([variables[i] for i in idx])


def _add_options(problem: MatchingProblem, built: BuiltModel) -> None:
    """Each team starts on exactly one of its options."""
    by_team = _group(problem.option_team, problem.n_teams)
    built.options = [None] * len(problem.option_team)
    for options in by_team:
        if len(options) == 1:
            built.options[options[0]] = 1
            continue
        variables = [built.model.new_bool_var(f"o{o}") for o in options]
        built.model.add_exactly_one(variables)
        for o, var in zip(options, variables, strict=True):
            built.options[o] = var


def _add_seats(problem: MatchingProblem, built: BuiltModel) -> None:
    """At most one item per seat; per option, the seat's items need that option chosen."""
    seat_of_item = problem.pair_seat[problem.item_pair]
    by_seat = _group(seat_of_item, problem.n_seats)
    for s, idx in enumerate(by_seat):
        if problem.seat_must_fill[s]:
            built.model.add_exactly_one(built.items[i] for i in idx)
        else:
            # An explicit 'empty' literal makes the seat an exactly-one, which lets presolve
            # shift each seat's cheapest cost into the objective offset.
            empty = built.model.new_bool_var(f"empty{s}")
            built.model.add_exactly_one([empty, *(built.items[i] for i in idx)])
            if problem.seat_unfilled_cost[s]:
                built.terms[problem.unfilled_label].append(
                    (int(problem.seat_unfilled_cost[s]), empty)
                )
        _link_options(problem, built, idx)


def _link_options(problem: MatchingProblem, built: BuiltModel, idx: np.ndarray) -> None:
    options = problem.item_option[idx]
    for o in np.unique(options):
        option_var = built.options[o]
        if isinstance(option_var, int):
            continue
        built.model.add(_sum(built.items, idx[options == o]) <= option_var)


def _add_pair_costs(problem: MatchingProblem, built: BuiltModel, pair_expr) -> None:
    for label, costs in problem.pair_costs.items():
        nonzero = np.flatnonzero(costs)
        if len(nonzero):
            expr = cp_model.LinearExpr.weighted_sum(
                [pair_expr[p] for p in nonzero], [int(costs[p]) for p in nonzero]
            )
            built.terms[label].append((1, expr))


def _add_capacities(problem: MatchingProblem, built: BuiltModel) -> None:
    """Weighted item sums within a limit, with an optional convex penalty on the load."""
    model = built.model
    for cap in problem.capacities:
        load = cp_model.LinearExpr.weighted_sum(
            [built.items[i] for i in cap.items], [int(w) for w in cap.weights]
        )
        most = int(cap.weights.sum())
        if most > cap.limit:
            model.add(load <= cap.limit)
        for offset, slope in zip(cap.penalty_offsets, cap.penalty_slopes, strict=True):
            if min(most, cap.limit) <= offset:
                continue
            excess = model.new_int_var(0, min(most, cap.limit) - offset, f"x_{cap.label}")
            model.add_max_equality(excess, [0, load - offset])
            built.terms[cap.label].append((slope, excess))


def _add_counts(problem: MatchingProblem, built: BuiltModel, pair_expr) -> None:
    model = built.model
    for group in problem.counts:
        count = _sum(pair_expr, group.pairs)
        if group.hi < len(group.pairs):
            model.add(count <= group.hi)
        if group.lo <= 0:
            continue
        if group.shortfall_cost == 0:
            model.add(count >= group.lo)
        else:
            shortfall = model.new_int_var(0, group.lo, f"short_{group.label}")
            model.add_max_equality(shortfall, [0, group.lo - count])
            built.terms[group.label].append((group.shortfall_cost, shortfall))


def _add_mixes(problem: MatchingProblem, built: BuiltModel, pair_expr) -> None:
    """Two or more chosen pairs of a group are not all of one value."""
    model = built.model
    for group in problem.mixes:
        total = _sum(pair_expr, group.pairs)
        several = model.new_bool_var(f"several_{group.label}")
        model.add(total >= 2).only_enforce_if(several)
        model.add(total <= 1).only_enforce_if(~several)
        for value in np.unique(group.values):
            same = group.pairs[group.values == value]
            model.add(_sum(pair_expr, same) <= total - 1).only_enforce_if(several)


def _add_deviations(problem: MatchingProblem, built: BuiltModel, pair_expr) -> None:
    model = built.model
    for dev in problem.deviations:
        expr = cp_model.LinearExpr.weighted_sum(
            [pair_expr[p] for p in dev.pairs], [int(c) for c in dev.coefs]
        )
        most = int(np.abs(dev.coefs).sum()) + abs(dev.target)
        size = model.new_int_var(0, most, f"dev_{dev.label}")
        model.add_abs_equality(size, expr - dev.target)
        built.terms[dev.label].append((dev.cost, size))


def _add_rewards(problem: MatchingProblem, built: BuiltModel, pair_expr) -> None:
    """Auxiliary variables are defined exactly (not just bounded by the objective), so
    every intermediate solution's objective equals the validator's recomputation."""
    model = built.model
    for reward in problem.rewards:
        earned = model.new_bool_var(f"r_{reward.label}")
        sides = [reward.pairs_a] + ([reward.pairs_b] if len(reward.pairs_b) else [])
        present = []
        for side in sides:  # a side is met when any of its pairs is chosen
            flag = model.new_bool_var(f"r_{reward.label}_side")
            model.add_max_equality(flag, [pair_expr[p] for p in side])
            present.append(flag)
        model.add_min_equality(earned, present)
        built.terms[reward.label].append((-reward.reward, earned))
