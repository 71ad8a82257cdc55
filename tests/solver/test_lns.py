"""The time-window LNS and the restricted sub-problems it solves.

A restricted problem must be the full problem with the fixed teams folded in: any plan of
the free teams, joined to the fixed part, is feasible in the full problem exactly when it
is feasible in the sub-problem, and its full objective differs from the sub-objective by
a constant. The hybrid search must return plans the independent validator accepts.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from matcher.batch.job import run_batch
from matcher.councils import CouncilRegistry
from matcher.encoding.encode import encode
from matcher.generate import generate_programme
from matcher.settings import AppSettings
from solver.evaluate import evaluate, objective
from solver.greedy import greedy
from solver.hybrid import team_start_times
from solver.lns import WindowLns, plan_from_items
from solver.restrict import restrict
from solver.solve import SolveParams, SolveStatus, solve


@cache
def sample():
    councils = CouncilRegistry.from_data_dir(AppSettings().data_dir)
    programme = generate_programme("S", 1, councils)
    enc = encode(programme)
    enc.problem.hint_items = greedy(enc.problem)
    return programme, enc


@pytest.mark.parametrize("window", [7, 21])
@pytest.mark.parametrize("seed", [0, 1])
def test_restricted_optimum_joins_the_fixed_part_into_a_better_full_plan(window, seed):
    _, enc = sample()
    problem = enc.problem
    plan = plan_from_items(problem, problem.hint_items)
    assert plan is not None, "the greedy plan of S is feasible"
    centre = np.random.default_rng(seed).choice(team_start_times(problem))
    free = np.abs(team_start_times(problem) - centre) <= window
    part = restrict(problem, free, plan.items)
    sub_plan_items = part.item_map.searchsorted(
        plan.items[free[problem.option_team[problem.item_option[plan.items]]]]
    )
    _, sub_before = evaluate(part.problem, sub_plan_items)
    result = solve(part.problem, SolveParams(time_limit_s=3, workers=1, seed=0))
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    joined = np.concatenate([part.fixed_items, part.item_map[result.chosen_items]])
    broken, full_after = evaluate(problem, joined)
    assert broken == []
    # the same constant separates full and sub objectives before and after
    assert objective(full_after) - result.objective == plan.objective - objective(sub_before)
    assert objective(full_after) <= plan.objective


def test_a_window_step_never_makes_the_plan_worse():
    _, enc = sample()
    plan = plan_from_items(enc.problem, enc.problem.hint_items)
    lns = WindowLns(enc.problem, team_start_times(enc.problem), seed=0, sub_time_s=1.0)
    import time

    for _ in range(3):
        better = lns.step(plan, time.perf_counter() + 5)
        assert better.objective <= plan.objective
        assert evaluate(enc.problem, better.items)[0] == []
        plan = better


def test_hybrid_batch_returns_a_validated_plan_no_worse_than_greedy():
    programme, _ = sample()
    result = run_batch(programme, SolveParams(time_limit_s=4, workers=2, seed=0))
    assert result.report is not None and result.report.ok
    assert result.summary["objective"] == result.report.score.total
    assert result.summary["objective"] <= result.greedy_objective
    # The limit covers the whole job: on a loaded machine the LP may not finish in it.
    bound = result.summary["best_bound"]
    assert bound is None or bound <= result.summary["objective"]


def test_block_lp_bound_and_guide_are_valid(monkeypatch):
    """The relaxed time blocks' LP bounds add up to no more than a real plan's objective,
    and their LP values guide the greedy to a feasible plan."""
    import solver.bounds as bounds

    _, enc = sample()
    problem = enc.problem
    monkeypatch.setattr(bounds, "BLOCK_ITEMS", problem.n_items // 4 + 1)
    assert len(bounds.time_blocks(problem, team_start_times(problem))) == 4
    guide = bounds.lp_guide(problem, team_start_times(problem), 60.0, whole_max_items=0)
    assert guide is not None and len(guide.items) == problem.n_items
    whole = bounds.lp_guide(problem, team_start_times(problem), 60.0, whole_max_items=10**9)
    assert guide.bound <= whole.bound + 1e-6  # dropping the links only weakens it
    assert not guide.whole and whole.whole
    guided = greedy(problem, guide.items)
    broken, points = evaluate(problem, guided)
    assert broken == []
    assert guide.bound <= objective(points)
    plan = plan_from_items(problem, problem.hint_items)
    assert guide.bound <= plan.objective


def test_lp_bound_is_below_the_greedy_plan_and_above_a_trivial_bound():
    from solver.lp_bound import lp_bound

    _, enc = sample()
    problem = enc.problem
    bound = lp_bound(problem, time_limit_s=60)
    assert bound is not None
    plan = plan_from_items(problem, problem.hint_items)
    assert bound <= plan.objective
    # every seat costs at least its cheapest candidate: the LP can be no weaker than that
    cost = problem.pair_cost()
    cheapest = np.full(problem.n_seats, np.inf)
    np.minimum.at(cheapest, problem.pair_seat, cost)
    trivial = (
        np.minimum(cheapest, problem.seat_unfilled_cost).sum()
        - sum(r.reward for r in problem.rewards)
        + sum(problem.offsets.values())
    )
    assert bound >= trivial


def test_graft_moves_a_neighbourhood_onto_a_newer_plan_and_rechecks_it():
    """A neighbourhood improved from an old plan, grafted onto a plan improved elsewhere
    meanwhile: the result is evaluated again (feasible, its own objective) and holds the
    newer plan outside the window and the neighbourhood's choice inside it."""
    import time

    from solver.lns import graft

    _, enc = sample()
    problem = enc.problem
    plan = plan_from_items(problem, problem.hint_items)
    day = team_start_times(problem)
    early = WindowLns(problem, day, seed=0, sub_time_s=1.0)
    late = WindowLns(problem, day, seed=1, sub_time_s=1.0)
    late.sweep_at = problem.n_teams // 2  # a window half a year away
    a = early.step(plan, time.perf_counter() + 5)
    b = late.step(plan, time.perf_counter() + 5)
    assert graft(problem, plan, a, early.last_free).objective == a.objective
    joined = graft(problem, a, b, late.last_free)
    if joined is not None:
        broken, points = evaluate(problem, joined.items)
        assert broken == [] and objective(points) == joined.objective
        item_team = problem.option_team[problem.item_option]
        inside = late.last_free[item_team[joined.items]]
        assert set(joined.items[inside]) == set(b.items[late.last_free[item_team[b.items]]])
        assert set(joined.items[~inside]) == set(a.items[~late.last_free[item_team[a.items]]])


def test_only_a_whole_lp_is_rounded_into_the_hint():
    """LP rounding replaces the hint when the guided greedy is better, but never from the
    joined time-block LPs (they overload the peers every block found cheapest); the
    bound is used either way."""
    from dataclasses import replace

    from solver.lp_bound import lp_relaxation
    from solver.solve import _use_guide

    _, enc = sample()
    lp = lp_relaxation(enc.problem, 60.0)
    blocks = replace(lp, whole=False)
    problem = replace(enc.problem, hint_items=enc.problem.hint_items.copy())
    greedy_plan = problem.hint_items.copy()
    assert _use_guide(problem, blocks) == lp.bound
    assert np.array_equal(problem.hint_items, greedy_plan)
    assert _use_guide(problem, lp) == lp.bound
    guided = greedy(problem, lp.items)
    _, guided_points = evaluate(problem, guided)
    _, greedy_points = evaluate(problem, greedy_plan)
    better = objective(guided_points) < objective(greedy_points)
    assert np.array_equal(problem.hint_items, guided if better else greedy_plan)


@pytest.mark.parametrize("seed", [0, 1])
def test_restriction_keeps_and_blocks_the_same_cliques_as_one_clique_at_a_time(seed):
    """The joined-cliques shortcut in solver.restrict gives what a loop over the cliques
    gives: items sharing a clique with a fixed chosen item are blocked, and each clique
    keeps its free unblocked items (renumbered) when two or more are left."""
    _, enc = sample()
    problem = enc.problem
    plan = plan_from_items(problem, problem.hint_items)
    free = np.random.default_rng(seed).random(problem.n_teams) < 0.3
    part = restrict(problem, free, plan.items)
    item_free = free[problem.option_team[problem.item_option]]
    fixed = np.zeros(problem.n_items, dtype=bool)
    fixed[plan.items] = True
    fixed &= ~item_free
    blocked = np.zeros(problem.n_items, dtype=bool)
    for clique in problem.cliques:
        if fixed[clique].any():
            blocked[clique] = True
    assert np.array_equal(part.item_map, np.flatnonzero(item_free & ~blocked))
    renumber = np.full(problem.n_items, -1)
    renumber[part.item_map] = np.arange(len(part.item_map))
    expected = [renumber[c[renumber[c] >= 0]] for c in problem.cliques]
    expected = [c for c in expected if len(c) >= 2]
    assert len(part.problem.cliques) == len(expected)
    assert all(np.array_equal(a, b) for a, b in zip(part.problem.cliques, expected, strict=True))
