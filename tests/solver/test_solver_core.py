"""The numeric core on hand-made MatchingProblems: one tiny model per constraint family.

Each model is small enough to solve by hand. A test asserts the optimum (status, objective,
chosen items) with the constraint binding and, where it matters, the other answer without
it, so a constraint that is dropped or mis-encoded fails a test in either direction. Every
solve is cross-checked: the per-label penalties sum to the objective and
`solver.evaluate` recomputes the same points and finds nothing broken. The greedy baseline
must return an unbroken selection on the same models.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from solver.evaluate import evaluate, objective
from solver.greedy import greedy
from solver.params import MAX_DEFAULT_WORKERS, available_workers
from solver.problem import Capacity, CountGroup, Deviation, MatchingProblem, MixGroup, Reward
from solver.solve import SolveParams, SolveResult, SolveStatus, solve

PARAMS = SolveParams(time_limit_s=10, workers=1, seed=0)
LABEL = "cost"


def ints(values) -> np.ndarray:
    return np.array(list(values), dtype=np.int64)


def build(
    pairs: list[tuple[int, int, int]],
    *,
    seat_team=None,
    must=None,
    unfilled=None,
    option_team=None,
    allowed: dict[int, list[int]] | None = None,
    **groups,
) -> MatchingProblem:
    """A MatchingProblem from (peer, seat, cost) pairs.

    Defaults: every seat its own team, seats must be filled, one start option per team,
    every pair allowed at every option of its team (`allowed` maps a pair to its options).
    Items are numbered pair by pair, options ascending, so with one option per team item i
    is pair i. `groups` go straight to MatchingProblem (cliques, capacities, ...)."""
    n_seats = max(s for _, s, _ in pairs) + 1
    seat_team = ints(seat_team if seat_team is not None else range(n_seats))
    n_teams = int(seat_team.max()) + 1
    option_team = ints(option_team if option_team is not None else range(n_teams))
    item_pair, item_option = [], []
    for p, (_, seat, _) in enumerate(pairs):
        team = seat_team[seat]
        options = np.flatnonzero(option_team == team).tolist()
        for o in (allowed or {}).get(p, options):
            item_pair.append(p)
            item_option.append(o)
    return MatchingProblem(
        seat_team=seat_team,
        seat_must_fill=np.array(must if must is not None else [True] * n_seats, dtype=bool),
        seat_unfilled_cost=ints(unfilled if unfilled is not None else [0] * n_seats),
        option_team=option_team,
        pair_peer=ints(p for p, _, _ in pairs),
        pair_seat=ints(s for _, s, _ in pairs),
        pair_costs={LABEL: ints(c for _, _, c in pairs)},
        item_pair=ints(item_pair),
        item_option=ints(item_option),
        **groups,
    )


def solved(problem: MatchingProblem, status=SolveStatus.OPTIMAL) -> SolveResult:
    """Solve and cross-check the answer against `evaluate` (see the module docstring)."""
    result = solve(problem, PARAMS)
    assert result.status is status
    if status is SolveStatus.INFEASIBLE:
        return result
    assert sum(result.penalties.values()) == result.objective
    broken, points = evaluate(problem, result.chosen_items)
    assert broken == []
    assert objective(points) == result.objective
    assert {k: v for k, v in points.items() if v} == {
        k: v for k, v in result.penalties.items() if v
    }
    assert result.bound == pytest.approx(result.objective)
    return result


def chosen_pairs(problem: MatchingProblem, result: SolveResult) -> set[int]:
    return set(problem.item_pair[result.chosen_items].tolist())


def assert_greedy_unbroken(problem: MatchingProblem) -> np.ndarray:
    items = greedy(problem)
    broken, _ = evaluate(problem, items)
    assert broken == []
    return items


# ---------------------------------------------------------------- seats


def test_a_required_seat_takes_its_cheapest_candidate():
    problem = build([(0, 0, 5), (1, 0, 3), (2, 0, 4)])
    result = solved(problem)
    assert result.objective == 3
    assert chosen_pairs(problem, result) == {1}
    assert result.penalties == {LABEL: 3}
    assert_greedy_unbroken(problem)


def test_a_seat_takes_at_most_one_peer_even_when_every_candidate_pays():
    problem = build([(0, 0, -5), (1, 0, -3)], must=[False])
    result = solved(problem)
    assert result.objective == -5
    assert chosen_pairs(problem, result) == {0}
    assert_greedy_unbroken(problem)


@pytest.mark.parametrize(("unfilled", "expected", "pairs"), [(10, 10, set()), (30, 20, {0})])
def test_an_optional_seat_stays_empty_only_when_that_is_cheaper(unfilled, expected, pairs):
    problem = build([(0, 0, 20)], must=[False], unfilled=[unfilled])
    result = solved(problem)
    assert result.objective == expected
    assert chosen_pairs(problem, result) == pairs
    if not pairs:
        assert result.penalties["unfilled"] == unfilled


def test_a_required_seat_is_filled_whatever_it_costs():
    problem = build([(0, 0, 20)], must=[True], unfilled=[10])
    result = solved(problem)
    assert result.objective == 20
    assert chosen_pairs(problem, result) == {0}


def test_a_required_seat_without_candidates_is_infeasible():
    problem = build([(0, 0, 1)], allowed={0: []})
    solved(problem, SolveStatus.INFEASIBLE)


# ---------------------------------------------------------------- team start options

# Team 0 has seats 0 and 1 and options 0 and 1. Pair 0 (cost 1) is only allowed at option
# 0 and pair 2 (cost 1) only at option 1; pairs 1 and 3 cost 5 and 3 at either option.
# One start for the team: option 0 (1 + 3 = 4) beats option 1 (5 + 1 = 6).
START_PAIRS = [(0, 0, 1), (1, 0, 5), (2, 1, 1), (3, 1, 3)]
START_ALLOWED = {0: [0], 2: [1]}


def test_a_team_shares_one_start():
    problem = build(START_PAIRS, seat_team=[0, 0], option_team=[0, 0], allowed=START_ALLOWED)
    result = solved(problem)
    assert result.objective == 4
    assert chosen_pairs(problem, result) == {0, 3}
    assert result.team_option.tolist() == [0]
    assert set(problem.item_option[result.chosen_items].tolist()) == {0}
    assert_greedy_unbroken(problem)


def test_seats_of_different_teams_pick_their_starts_independently():
    allowed = {0: [0], 1: [0, 1], 2: [3], 3: [2, 3]}
    problem = build(START_PAIRS, seat_team=[0, 1], option_team=[0, 0, 1, 1], allowed=allowed)
    result = solved(problem)
    assert result.objective == 2
    assert chosen_pairs(problem, result) == {0, 2}
    assert result.team_option.tolist() == [0, 3]


def test_an_empty_optional_seat_does_not_pin_its_team_start():
    """The only start at which seat 1 could be filled is not forced on the team."""
    problem = build(
        [(0, 0, 1), (1, 1, 50)],
        seat_team=[0, 0],
        option_team=[0, 0],
        must=[True, False],
        unfilled=[0, 10],
        allowed={0: [0], 1: [1]},
    )
    result = solved(problem)
    assert result.objective == 11
    assert result.team_option.tolist() == [0]


# ---------------------------------------------------------------- cliques (overlaps)

# Peer 0 is the cheapest for seat 0 (team 0) and seat 1 (team 1); the alternatives are
# peer 1 (cost 4) on seat 0 and peer 2 (cost 2) on seat 1.
CLIQUE_PAIRS = [(0, 0, 1), (1, 0, 4), (0, 1, 1), (2, 1, 2)]


def test_a_clique_keeps_a_peer_to_one_of_two_overlapping_items():
    problem = build(CLIQUE_PAIRS, cliques=[ints([0, 2])])
    result = solved(problem)
    assert result.objective == 3
    assert chosen_pairs(problem, result) == {0, 3}
    assert_greedy_unbroken(problem)


def test_without_the_clique_the_peer_takes_both_items():
    problem = build(CLIQUE_PAIRS)
    result = solved(problem)
    assert result.objective == 2
    assert chosen_pairs(problem, result) == {0, 2}


def test_a_clique_only_binds_the_items_it_names():
    """Same pairs at two options: the clique names option 0 of team 1 only."""
    problem = build(CLIQUE_PAIRS, option_team=[0, 1, 1], cliques=[ints([0, 2])])
    # items: pair0@0, pair1@0, pair2@1, pair2@2, pair3@1, pair3@2
    result = solved(problem)
    assert result.objective == 2
    assert chosen_pairs(problem, result) == {0, 2}
    assert result.team_option.tolist() == [0, 2]


# ---------------------------------------------------------------- capacities


# Peer 0 costs 0 on seat 0 (team 0) and seat 1 (team 1), each charging 7 days; peers 1
# and 2 cost `alt` on those seats.
def capacity_problem(limit: int, offsets=(), slopes=(), alt: int = 10) -> MatchingProblem:
    pairs = [(0, 0, 0), (1, 0, alt), (0, 1, 0), (2, 1, alt)]
    cap = Capacity(
        items=ints([0, 2]),
        weights=ints([7, 7]),
        limit=limit,
        label="S4",
        penalty_offsets=tuple(offsets),
        penalty_slopes=tuple(slopes),
    )
    return build(pairs, capacities=[cap])


def test_a_capacity_limit_forbids_the_second_item():
    problem = capacity_problem(limit=10)
    result = solved(problem)
    assert result.objective == 10
    assert len(chosen_pairs(problem, result) & {0, 2}) == 1
    assert_greedy_unbroken(problem)


def test_a_capacity_with_room_takes_both_items():
    problem = capacity_problem(limit=14)
    result = solved(problem)
    assert result.objective == 0
    assert chosen_pairs(problem, result) == {0, 2}


def test_a_convex_capacity_penalty_spreads_the_load():
    """Load 14 costs 1*(14-5) + 2*(14-10) = 17 > 10 + load-7 penalty 2 = 12."""
    problem = capacity_problem(limit=20, offsets=(5, 10), slopes=(1, 2))
    result = solved(problem)
    assert result.objective == 12
    assert result.penalties == {LABEL: 10, "S4": 2}
    assert len(chosen_pairs(problem, result) & {0, 2}) == 1
    assert_greedy_unbroken(problem)


def test_a_convex_capacity_penalty_is_paid_when_cheaper_than_the_alternative():
    problem = capacity_problem(limit=20, offsets=(5, 10), slopes=(1, 2), alt=20)
    result = solved(problem)
    assert result.objective == 17
    assert result.penalties == {LABEL: 0, "S4": 17}
    assert chosen_pairs(problem, result) == {0, 2}


def test_a_penalty_step_above_the_limit_costs_nothing():
    problem = capacity_problem(limit=14, offsets=(5, 14), slopes=(1, 100))
    result = solved(problem)
    assert result.objective == 9
    assert chosen_pairs(problem, result) == {0, 2}


# ---------------------------------------------------------------- count groups

# Team 0: seats 0 and 1; peers 0/1 (cost 1) are outside the group, peers 2/3 (cost 5) in it.
COUNT_PAIRS = [(0, 0, 1), (2, 0, 5), (1, 1, 1), (3, 1, 5)]
IN_GROUP = ints([1, 3])


def count_problem(
    lo: int, hi: int = 2, shortfall_cost: int = 0, pairs=COUNT_PAIRS, members=IN_GROUP
) -> MatchingProblem:
    group = CountGroup(pairs=members, lo=lo, hi=hi, label="S2", shortfall_cost=shortfall_cost)
    return build(pairs, seat_team=[0, 0], counts=[group])


def test_a_hard_count_minimum_forces_a_dearer_member_in():
    problem = count_problem(lo=1)
    result = solved(problem)
    assert result.objective == 6
    assert len(chosen_pairs(problem, result) & {1, 3}) == 1


def test_a_hard_count_minimum_of_two_forces_both():
    problem = count_problem(lo=2)
    result = solved(problem)
    assert result.objective == 10
    assert chosen_pairs(problem, result) == {1, 3}


def test_without_a_minimum_the_cheap_pairs_win():
    problem = count_problem(lo=0)
    result = solved(problem)
    assert result.objective == 2
    assert chosen_pairs(problem, result) == {0, 2}


def test_a_count_maximum_keeps_the_second_cheap_pair_out():
    """Both cheap pairs in one group with hi=1 (as H8's home-council groups)."""
    problem = count_problem(lo=0, hi=1, members=ints([0, 2]))
    result = solved(problem)
    assert result.objective == 6
    assert len(chosen_pairs(problem, result) & {0, 2}) == 1
    assert_greedy_unbroken(problem)


@pytest.mark.parametrize(
    ("shortfall_cost", "expected", "in_group"), [(3, 2 + 6, 0), (4, 10, None), (5, 10, 2)]
)
def test_a_soft_count_minimum_costs_per_missing_unit(shortfall_cost, expected, in_group):
    """lo=2: each group pair costs 4 more than an outsider; a missing unit costs
    `shortfall_cost`. At 4 all three answers tie, so only the objective is asserted."""
    problem = count_problem(lo=2, shortfall_cost=shortfall_cost)
    result = solved(problem)
    assert result.objective == expected
    if in_group is not None:
        assert len(chosen_pairs(problem, result) & {1, 3}) == in_group
    if in_group == 0:
        assert result.penalties == {LABEL: 2, "S2": 6}


def test_a_soft_count_minimum_is_not_enforced_as_hard():
    problem = count_problem(lo=2, shortfall_cost=1)
    result = solved(problem)
    assert result.objective == 4
    assert chosen_pairs(problem, result) == {0, 2}


# ---------------------------------------------------------------- mixes

# Team 0: seats 0 and 1. Peers 0 and 1 (value 0) cost 1; peer 2 (value 1) costs 4 on
# either seat.
MIX_PAIRS = [(0, 0, 1), (2, 0, 4), (1, 1, 1), (2, 1, 4)]
MIX_VALUES = ints([0, 1, 0, 1])


def mix_problem(**kwargs) -> MatchingProblem:
    group = MixGroup(pairs=ints(range(4)), values=MIX_VALUES, label="H7")
    return build(MIX_PAIRS, seat_team=[0, 0], mixes=[group], **kwargs)


def test_a_mix_group_forbids_two_chosen_pairs_of_one_value():
    problem = mix_problem()
    result = solved(problem)
    assert result.objective == 5
    assert sorted(MIX_VALUES[sorted(chosen_pairs(problem, result))].tolist()) == [0, 1]
    assert_greedy_unbroken(problem)


def test_without_the_mix_group_both_cheap_pairs_of_one_value_win():
    problem = build(MIX_PAIRS, seat_team=[0, 0])
    result = solved(problem)
    assert result.objective == 2
    assert chosen_pairs(problem, result) == {0, 2}


def test_a_mix_group_allows_a_single_chosen_pair():
    """Seat 1 optional and dear to fill: one pair alone is not 'all one value'."""
    problem = mix_problem(must=[True, False], unfilled=[0, 2])
    result = solved(problem)
    assert result.objective == 3
    assert chosen_pairs(problem, result) == {0}


def test_a_mix_group_allows_three_of_which_two_share_a_value():
    pairs = [(0, 0, 1), (1, 1, 1), (2, 2, 9), (3, 2, 1)]
    group = MixGroup(pairs=ints(range(4)), values=ints([0, 0, 0, 1]), label="H7")
    problem = build(pairs, seat_team=[0, 0, 0], mixes=[group])
    result = solved(problem)
    assert result.objective == 3
    assert chosen_pairs(problem, result) == {0, 1, 3}


# ---------------------------------------------------------------- deviations


# One seat: peer 0 (counted by the deviation) costs 10, peer 1 costs 3.
def deviation_problem(target: int, cost: int) -> MatchingProblem:
    dev = Deviation(pairs=ints([0]), coefs=ints([1]), target=target, cost=cost, label="S4")
    return build([(0, 0, 10), (1, 0, 3)], deviations=[dev])


def test_a_deviation_pulls_a_count_to_its_target():
    problem = deviation_problem(target=1, cost=10)
    result = solved(problem)
    assert result.objective == 10
    assert chosen_pairs(problem, result) == {0}
    assert result.penalties == {LABEL: 10, "S4": 0}


def test_a_deviation_pushes_a_count_down_to_its_target():
    problem = deviation_problem(target=0, cost=10)
    result = solved(problem)
    assert result.objective == 3
    assert chosen_pairs(problem, result) == {1}


def test_a_cheap_deviation_is_paid():
    problem = deviation_problem(target=1, cost=2)
    result = solved(problem)
    assert result.objective == 5
    assert result.penalties == {LABEL: 3, "S4": 2}


def test_a_deviation_with_weights_and_target_above_one():
    """|2*a + 1*b - 3| with a, b on two seats; a and b cost 4, c and d cost 0."""
    pairs = [(0, 0, 4), (2, 0, 0), (1, 1, 4), (3, 1, 0)]
    dev = Deviation(pairs=ints([0, 2]), coefs=ints([2, 1]), target=3, cost=5, label="S4")
    problem = build(pairs, deviations=[dev])
    result = solved(problem)
    assert result.objective == 8
    assert chosen_pairs(problem, result) == {0, 2}


# ---------------------------------------------------------------- rewards

# Seat 0 (team 0): peer 0 costs 8, peer 1 costs 5. Seat 1 (team 1): peer 0 costs 6,
# peer 2 costs 1 (peer 0 in both, as a progress review and its original team).
REWARD_PAIRS = [(0, 0, 8), (1, 0, 5), (0, 1, 6), (2, 1, 1)]


@pytest.mark.parametrize(("reward", "expected", "pairs"), [(10, -2 + 1, {0, 3}), (2, 6, {1, 3})])
def test_a_reward_without_set_b_is_earned_by_set_a_alone(reward, expected, pairs):
    problem = build(REWARD_PAIRS, rewards=[Reward(ints([0]), ints([]), reward, "S5")])
    result = solved(problem)
    assert result.objective == expected
    assert chosen_pairs(problem, result) == pairs


@pytest.mark.parametrize(("reward", "expected", "pairs"), [(10, 4, {0, 2}), (3, 6, {1, 3})])
def test_a_reward_with_set_b_needs_both_sides(reward, expected, pairs):
    problem = build(REWARD_PAIRS, rewards=[Reward(ints([0]), ints([2]), reward, "S5")])
    result = solved(problem)
    assert result.objective == expected
    assert chosen_pairs(problem, result) == pairs
    if reward == 10:
        assert result.penalties == {LABEL: 14, "S5": -10}


def test_a_reward_is_not_earned_by_set_a_when_set_b_is_out():
    """Set B's pair is not allowed at all, so the reward is unreachable."""
    problem = build(
        REWARD_PAIRS, allowed={2: []}, rewards=[Reward(ints([0]), ints([2]), 100, "S5")]
    )
    result = solved(problem)
    assert result.objective == 6
    assert chosen_pairs(problem, result) == {1, 3}


def test_a_reward_is_earned_once_when_two_pairs_of_set_a_are_chosen():
    """Set A spans two seats; both of its pairs are the cheapest, reward counted once."""
    pairs = [(0, 0, 1), (1, 0, 3), (2, 1, 1), (3, 1, 3)]
    problem = build(pairs, seat_team=[0, 0], rewards=[Reward(ints([0, 2]), ints([]), 5, "S5")])
    result = solved(problem)
    assert result.objective == 2 - 5
    assert chosen_pairs(problem, result) == {0, 2}


# ---------------------------------------------------------------- pinned pairs


def test_a_pinned_pair_is_kept_though_dearer():
    problem = build([(0, 0, 1), (1, 0, 9)], pinned_pairs=ints([1]))
    result = solved(problem)
    assert result.objective == 9
    assert chosen_pairs(problem, result) == {1}
    items = assert_greedy_unbroken(problem)
    assert set(problem.item_pair[items].tolist()) == {1}


def test_a_pinned_pair_moves_the_others_round_it():
    """Peer 0 pinned to seat 1 cannot also take seat 0 (clique)."""
    problem = build(CLIQUE_PAIRS, cliques=[ints([0, 2])], pinned_pairs=ints([2]))
    result = solved(problem)
    assert result.objective == 4 + 1
    assert chosen_pairs(problem, result) == {1, 2}
    assert_greedy_unbroken(problem)


def test_pinned_pairs_that_break_a_constraint_are_infeasible():
    problem = build(CLIQUE_PAIRS, cliques=[ints([0, 2])], pinned_pairs=ints([0, 2]))
    solved(problem, SolveStatus.INFEASIBLE)


# ---------------------------------------------------------------- offsets, hints, labels


def test_offsets_and_every_label_add_up_to_the_objective():
    """All families at once: the per-label breakdown still sums to the objective."""
    problem = mix_problem(
        offsets={"S6": 200},
        counts=[CountGroup(ints([1]), 1, 1, "S2", shortfall_cost=7)],
        deviations=[Deviation(ints([0, 2]), ints([1, 1]), 1, 3, "S4")],
        rewards=[Reward(ints([3]), ints([]), 200, "S6")],
    )
    result = solved(problem)
    assert result.penalties["S6"] == 0
    # pair 0 (1) + pair 3 (4): group of pair 1 short by 1 (7), deviation |1 - 1| = 0
    assert result.objective == 5 + 7
    assert chosen_pairs(problem, result) == {0, 3}


def test_a_warm_start_does_not_change_the_optimum():
    problem = capacity_problem(limit=20, offsets=(5, 10), slopes=(1, 2))
    result = solve(problem, PARAMS, warm_start=ints([0, 2]))
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == 12
    assert len(problem.hint_items) == 0, "the caller's problem is not changed"


def test_a_broken_warm_start_is_ignored():
    problem = build(CLIQUE_PAIRS, cliques=[ints([0, 2])])
    result = solve(problem, PARAMS, warm_start=ints([0, 2]))
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == 3


def test_default_workers_are_the_cores_available_capped():
    cores = len(os.sched_getaffinity(0))
    assert SolveParams().workers == max(1, min(MAX_DEFAULT_WORKERS, cores))
    assert available_workers(cap=1) == 1


# ---------------------------------------------------------------- evaluate and greedy


def test_evaluate_names_what_a_selection_breaks():
    problem = build(
        CLIQUE_PAIRS,
        cliques=[ints([0, 2])],
        pinned_pairs=ints([3]),
        capacities=[Capacity(ints([0, 2]), ints([7, 7]), 10, "H4")],
        mixes=[MixGroup(ints([0, 2]), ints([0, 0]), "H7")],
    )
    broken, points = evaluate(problem, ints([0, 2]))
    assert set(broken) == {"clique:0", "H4", "H7", "pinned pair dropped"}
    assert points[LABEL] == 2
    broken, _ = evaluate(build(CLIQUE_PAIRS), ints([0]))
    assert broken == ["required seat empty"]


def test_greedy_puts_a_hard_minimum_first():
    """Seat 0 takes the dearer group member while the team is short of the hard minimum;
    seat 1 then takes its cheap outsider."""
    problem = count_problem(lo=1)
    items = assert_greedy_unbroken(problem)
    taken = set(problem.item_pair[items].tolist())
    assert len(taken & {1, 3}) == 1 and len(taken) == 2


def test_a_guided_greedy_still_meets_a_hard_minimum():
    """A guide (LP values) that favours both cheap outsiders: while the team is short of
    its hard minimum, only a member is taken from it, so the rounded plan stays valid."""
    problem = count_problem(lo=1)
    guide = np.isin(problem.item_pair, [0, 2]).astype(float)
    items = greedy(problem, guide)
    broken, _ = evaluate(problem, items)
    assert broken == []
    assert len(set(problem.item_pair[items].tolist()) & {1, 3}) == 1


def test_greedy_meets_a_soft_minimum_when_that_is_cheaper():
    """A member costs 4 more than the cheap outsider; the shortfall would cost 100."""
    problem = count_problem(lo=1, shortfall_cost=100)
    items = assert_greedy_unbroken(problem)
    assert len(set(problem.item_pair[items].tolist()) & {1, 3}) == 1
    _, points = evaluate(problem, items)
    assert points["S2"] == 0


def test_greedy_pays_a_soft_minimum_when_that_is_cheaper():
    problem = count_problem(lo=1, shortfall_cost=1)
    items = assert_greedy_unbroken(problem)
    assert set(problem.item_pair[items].tolist()) == {0, 2}
    _, points = evaluate(problem, items)
    assert points["S2"] == 1


def test_greedy_avoids_a_convex_penalty_when_an_alternative_is_cheaper():
    problem = capacity_problem(limit=20, offsets=(5, 10), slopes=(1, 2))
    items = assert_greedy_unbroken(problem)
    _, points = evaluate(problem, items)
    assert objective(points) == 12


def test_greedy_picks_one_start_per_team():
    problem = build(START_PAIRS, seat_team=[0, 0], option_team=[0, 0], allowed=START_ALLOWED)
    items = assert_greedy_unbroken(problem)
    assert len(set(problem.item_option[items].tolist())) == 1
