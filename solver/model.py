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

from solver import rows
from solver.problem import MatchingProblem


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    items: list[cp_model.IntVar]
    options: list[cp_model.IntVar | int]
    waivers: list[cp_model.IntVar] = field(default_factory=list)
    terms: dict[str, list[tuple[int, object]]] = field(default_factory=lambda: defaultdict(list))
    """Objective terms (coefficient, expression) grouped by label."""
    objective: tuple[list[np.ndarray], list[np.ndarray]] = field(default_factory=lambda: ([], []))
    """The same objective as (variable indices, coefficients) chunks, written in one go."""

    def cost(self, label: str, coef: int, var: cp_model.IntVar) -> None:
        """Add `coef * var` to the objective under `label`."""
        self.terms[label].append((coef, var))
        self.objective[0].append(np.array([var.index]))
        self.objective[1].append(np.array([coef], dtype=np.int64))


def build_model(problem: MatchingProblem) -> BuiltModel:
    """Translate every part of the problem into CP-SAT variables and constraints.

    Items are variables 0..n_items-1, and the large row families (seats, cliques,
    capacities, counts, the objective) go straight into the proto (`solver.rows`): at L
    that is most of the build time."""
    model = cp_model.CpModel()
    built = BuiltModel(model=model, items=rows.new_bools(model, problem.n_items), options=[])
    pair_items = rows.PairItems(problem.item_pair, problem.n_pairs)
    pair_expr = _PairExprs(built.items, pair_items)
    _add_options(problem, built)
    _add_waivers(problem, built)
    _add_seats(problem, built)
    _add_pair_costs(problem, built)
    rows.bool_rows(model, "at_most_one", problem.cliques)
    _add_capacities(problem, built)
    _add_counts(problem, built, pair_items)
    _add_mixes(problem, built, pair_items)
    _add_deviations(problem, built, pair_items)
    _add_rewards(problem, built, pair_expr)
    for p in problem.pinned_pairs:
        model.add(pair_expr[p] == 1)
    idx, coefs = built.objective
    rows.set_objective(
        model,
        np.concatenate(idx) if idx else np.zeros(0, np.int64),
        np.concatenate(coefs) if coefs else np.zeros(0, np.int64),
        sum(problem.offsets.values()),
    )
    _add_hint(problem, built)
    return built


def _add_hint(problem: MatchingProblem, built: BuiltModel) -> None:
    """Hint every variable: items and options from the plan, the auxiliary variables from
    a quick propagation of the model with the items fixed (CP-SAT mostly ignores an
    incomplete hint, and completing it by hand would repeat every definition above).

    The items are fixed through a hint and `fix_variables_to_their_hinted_value`, and the
    full hint is copied from the response in bulk: this runs for every LNS neighbourhood,
    and adding one equality per item through the expression layer cost more than the
    propagation itself."""
    if len(problem.hint_items) == 0:
        return
    chosen = np.zeros(problem.n_items, dtype=np.int64)
    chosen[problem.hint_items] = 1
    fixed = built.model.clone()
    fixed.proto.solution_hint.vars.extend(range(problem.n_items))
    fixed.proto.solution_hint.values.extend(chosen.tolist())
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30.0
    solver.parameters.fix_variables_to_their_hinted_value = True
    if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return  # the plan breaks a constraint: no hint rather than a misleading one
    values = list(solver.response_proto.solution)
    built.model.proto.solution_hint.vars.extend(range(len(values)))
    built.model.proto.solution_hint.values.extend(values)


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


class _PairExprs:
    """'Pair chosen' as a CP-SAT expression (the sum of its items), made on first use."""

    def __init__(self, items: list, pair_items: rows.PairItems):
        self.items, self.pair_items, self.made = items, pair_items, {}

    def __getitem__(self, p) -> cp_model.LinearExpr:
        p = int(p)
        if p not in self.made:
            idx = self.pair_items.order[self.pair_items.starts[p] : self.pair_items.starts[p + 1]]
            self.made[p] = cp_model.LinearExpr.sum([self.items[i] for i in idx])
        return self.made[p]


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
    """Exactly one of the seat's items and its 'empty' literal; per option, the seat's
    items need that option chosen."""
    seat_of_item = problem.pair_seat[problem.item_pair]
    by_seat = _group(seat_of_item, problem.n_seats)
    optional = np.flatnonzero(~problem.seat_must_fill.astype(bool))
    # An explicit 'empty' literal makes the seat an exactly-one, which lets presolve
    # shift each seat's cheapest cost into the objective offset.
    empty = dict(zip(optional.tolist(), rows.new_bools(built.model, len(optional)), strict=True))
    seat_rows = []
    for s, idx in enumerate(by_seat):
        literals = idx.tolist()
        if s in empty:
            literals.append(empty[s].index)
            if problem.seat_unfilled_cost[s]:
                built.cost(problem.unfilled_label, int(problem.seat_unfilled_cost[s]), empty[s])
        seat_rows.append(literals)
    _link_options(problem, built, seat_of_item)
    rows.bool_rows(built.model, "exactly_one", seat_rows)


def _link_options(problem: MatchingProblem, built: BuiltModel, seat_of_item: np.ndarray) -> None:
    """Per (seat, option): the seat's items at that option sum to at most the option's
    literal. One sort groups every item by (seat, option), in seat then option order."""
    n_options = len(problem.option_team)
    if len(seat_of_item) == 0:
        return
    key = seat_of_item.astype(np.int64) * n_options + problem.item_option
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    bounds = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1], True]).tolist()
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        option_var = built.options[int(sorted_keys[a] % n_options)]
        if isinstance(option_var, int):
            continue
        linked = order[a:b].tolist()
        coefs = [1] * len(linked) + [-1]
        rows.linear(built.model, [*linked, option_var.index], coefs, rows.INT_MIN, 0)


def _add_waivers(problem: MatchingProblem, built: BuiltModel) -> None:
    """One literal per waiver; an item or option that needs a waiver implies it."""
    model = built.model
    built.waivers = rows.new_bools(model, len(problem.waivers))
    for item, w in problem.item_waivers.tolist():
        rows.linear(model, [item, built.waivers[w].index], [1, -1], rows.INT_MIN, 0)
    for option, w in problem.option_waivers.tolist():
        var = built.options[option]
        if isinstance(var, int):  # the team's only option: its waiver is on
            rows.linear(model, [built.waivers[w].index], [1], 1, 1)
        else:
            rows.linear(model, [var.index, built.waivers[w].index], [1, -1], rows.INT_MIN, 0)


def _unless(built: BuiltModel, waiver: int) -> list[int]:
    """Enforcement literals of a rule that holds unless `waiver` is on (-1: always holds)."""
    return [] if waiver < 0 else [-built.waivers[waiver].index - 1]


def _add_pair_costs(problem: MatchingProblem, built: BuiltModel) -> None:
    """A pair's cost is paid by whichever of its items is chosen (at most one is); an
    item's own cost by the item."""
    labelled = [(label, costs[problem.item_pair]) for label, costs in problem.pair_costs.items()]
    for label, item_costs in [*labelled, *problem.item_costs.items()]:
        item_costs = np.asarray(item_costs, dtype=np.int64)
        nonzero = np.flatnonzero(item_costs)
        if len(nonzero):
            expr = cp_model.LinearExpr.weighted_sum(
                [built.items[i] for i in nonzero], item_costs[nonzero].tolist()
            )
            built.terms[label].append((1, expr))
            built.objective[0].append(nonzero)
            built.objective[1].append(item_costs[nonzero])


def _add_capacities(problem: MatchingProblem, built: BuiltModel) -> None:
    """Weighted item sums within a limit, with an optional convex penalty on the load."""
    model = built.model
    for cap in problem.capacities:
        most = int(cap.weights.sum())
        if most > cap.limit:
            rows.linear(model, cap.items, cap.weights, rows.INT_MIN, int(cap.limit))
        for offset, slope in zip(cap.penalty_offsets, cap.penalty_slopes, strict=True):
            if min(most, cap.limit) <= offset:
                continue
            excess = model.new_int_var(0, min(most, cap.limit) - offset, f"x_{cap.label}")
            rows.max_of_zero_and(model, excess.index, cap.items, cap.weights, -int(offset))
            built.cost(cap.label, int(slope), excess)


def _add_counts(problem: MatchingProblem, built: BuiltModel, pair_items: rows.PairItems) -> None:
    model = built.model
    for group, idx in zip(
        problem.counts, pair_items.of_each([g.pairs for g in problem.counts]), strict=True
    ):
        ones = np.ones(len(idx), dtype=np.int64)
        hi = group.hi if group.hi < len(group.pairs) else rows.INT_MAX
        hard_lo = group.lo > 0 and group.shortfall_cost == 0
        if hard_lo and group.waiver >= 0:
            rows.linear(model, idx, ones, int(group.lo), rows.INT_MAX, _unless(built, group.waiver))
            hard_lo = False
        if hi != rows.INT_MAX or hard_lo:
            rows.linear(model, idx, ones, int(group.lo) if hard_lo else rows.INT_MIN, int(hi))
        if group.lo > 0 and group.shortfall_cost:
            shortfall = model.new_int_var(0, group.lo, f"short_{group.label}")
            rows.max_of_zero_and(model, shortfall.index, idx, -ones, int(group.lo))
            built.cost(group.label, int(group.shortfall_cost), shortfall)


def _add_mixes(problem: MatchingProblem, built: BuiltModel, pair_items: rows.PairItems) -> None:
    """Two or more chosen pairs of a group are not all of one value (unless waived): with
    `several` on, for each value some chosen pair has another value."""
    model = built.model
    for group in problem.mixes:
        idx, ones = pair_items.of(group.pairs)
        several = model.new_bool_var(f"several_{group.label}")
        rows.linear(model, idx, ones, 2, rows.INT_MAX, enforce=[several.index])
        rows.linear(model, idx, ones, rows.INT_MIN, 1, enforce=[-several.index - 1])
        enforce = [several.index, *_unless(built, group.waiver)]
        for value in np.unique(group.values):
            others, ones = pair_items.of(group.pairs[group.values != value])
            rows.linear(model, others, ones, 1, rows.INT_MAX, enforce=enforce)


def _add_deviations(problem: MatchingProblem, built: BuiltModel, pair_items) -> None:
    """size == |sum coefs * pairs - target|, as the max of the expression and its negation."""
    model = built.model
    for dev in problem.deviations:
        idx, coefs = pair_items.of(dev.pairs, np.asarray(dev.coefs, dtype=np.int64))
        target = int(dev.target)
        most = int(np.abs(dev.coefs).sum()) + abs(target)
        size = model.new_int_var(0, most, f"dev_{dev.label}")
        rows.lin_max(model, size.index, [(idx, coefs, -target), (idx, -coefs, target)])
        built.cost(dev.label, int(dev.cost), size)


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
        built.cost(reward.label, -int(reward.reward), earned)
