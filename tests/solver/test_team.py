"""solver.team: forced pairs, k-best cuts and waivers as options on the one core's model."""

import numpy as np

from solver.problem import CountGroup, MatchingProblem, MixGroup, Waiver
from solver.team import TeamSearch, k_best


def _problem(pairs, costs, homes, n_options=1, **extra) -> MatchingProblem:
    """One team; `pairs` as (seat, peer); every pair at every option; H8-like home groups."""
    seat = np.array([s for s, _ in pairs], dtype=np.int64)
    peer = np.array([q for _, q in pairs], dtype=np.int64)
    n_seats = int(seat.max()) + 1
    item_pair = np.repeat(np.arange(len(pairs)), n_options)
    homes = np.asarray(homes)
    counts = [
        CountGroup(np.flatnonzero(homes == h), 0, 1, "home")
        for h in np.unique(homes)
        if (homes == h).sum() > 1
    ]
    return MatchingProblem(
        seat_team=np.zeros(n_seats, dtype=np.int64),
        seat_must_fill=np.ones(n_seats, dtype=bool),
        seat_unfilled_cost=np.zeros(n_seats, dtype=np.int64),
        option_team=np.zeros(n_options, dtype=np.int64),
        pair_peer=peer,
        pair_seat=seat,
        pair_costs={"fit": np.asarray(costs, dtype=np.int64)},
        item_pair=item_pair,
        item_option=np.tile(np.arange(n_options), len(pairs)),
        counts=counts,
        **extra,
    )


def _seated(problem, answer):
    pairs = problem.item_pair[answer.items]
    return sorted(
        zip(problem.pair_seat[pairs].tolist(), problem.pair_peer[pairs].tolist(), strict=True)
    )


def test_k_best_respects_homes_and_distinctness():
    """Two seats, three peers; peers 0 and 1 share a home, so never sit together."""
    problem = _problem([(0, 0), (0, 2), (1, 0), (1, 1), (1, 2)], [1, 5, 1, 2, 3], [7, 9, 7, 7, 9])
    teams = k_best(problem, 5, 1)
    chosen = [_seated(problem, t) for t in teams]
    assert chosen[0] == [(0, 0), (1, 2)] and teams[0].cost == 4
    assert all(len({q for _, q in team}) == 2 for team in chosen)
    assert len(chosen) == len({tuple(t) for t in chosen}) == 3


def test_differ_by_two_seats_skips_teams_that_change_one():
    problem = _problem([(0, 0), (0, 1), (1, 2), (1, 3)], [1, 2, 1, 2], [0, 1, 2, 3])
    teams = k_best(problem, 3, 2)
    assert [_seated(problem, t) for t in teams] == [[(0, 0), (1, 2)], [(0, 1), (1, 3)]]


def test_forced_pair_is_kept_and_a_missing_one_is_infeasible():
    problem = _problem([(0, 0), (0, 1), (1, 2)], [1, 9, 1], [0, 1, 2])
    assert _seated(problem, k_best(problem, 1, 1, [1])[0]) == [(0, 1), (1, 2)]
    assert k_best(problem, 1, 1, [-1]) == []


def test_item_costs_follow_the_start():
    """An item cost (here a load at option 0) moves the team to the cheaper start."""
    problem = _problem([(0, 0)], [3], [0], n_options=2, item_costs={"load": np.array([10, 0])})
    answer = k_best(problem, 1, 1)[0]
    assert answer.option == 1 and answer.cost == 3


def _waived() -> MatchingProblem:
    """Seat 0: peer 0 needs waiver 0 (cost 1), peer 1 needs waiver 1 (cost 5); seat 1:
    peer 2; a mix over seats 0 and 1 where peers 0 and 2 share a value, waivable (2)."""
    problem = _problem(
        [(0, 0), (0, 1), (1, 2)],
        [1, 1, 1],
        [0, 1, 2],
        waivers=[Waiver("a", 1), Waiver("b", 5), Waiver("mix", 4)],
        item_waivers=np.array([[0, 0], [1, 1]]),
    )
    problem.mixes = [MixGroup(np.arange(3), np.array([0, 1, 0]), "mix", waiver=2)]
    return problem


def test_strict_mode_leaves_out_what_needs_a_waiver():
    problem = _waived()
    assert TeamSearch(problem).solve() is None


def test_relax_mode_weighs_the_waivers_first():
    """Waiver 0 alone puts peers 0 and 2 together (one value): the mix waiver is needed
    too (1 + 4 = 5), no cheaper than waiver 1 alone (5): a tie the team cost cannot break;
    with the mix cheaper, 0 + mix wins."""
    problem = _waived()
    answer = TeamSearch(problem, mode="relax").solve()
    assert answer.cost == 2
    assert sum(problem.waivers[r].cost for r in answer.waivers) == 5
    problem.waivers[2] = Waiver("mix", 3)
    answer = TeamSearch(problem, mode="relax").solve()
    assert sorted(answer.waivers) == [0, 2] and answer.cost == 2


def test_diagnose_names_the_waivers_that_block():
    problem = _waived()
    core = TeamSearch(problem, mode="diagnose").diagnose()
    assert set(core) <= {0, 1, 2} and 1 in core
    problem.item_waivers = np.zeros((0, 2), dtype=np.int64)
    assert TeamSearch(problem, mode="diagnose").diagnose() is None


def test_a_hard_count_holds_unless_waived():
    """A minimum of two on a one-seat team: infeasible unless waived."""
    problem = _problem([(0, 0), (0, 1)], [1, 5], [0, 1], waivers=[Waiver("min", 7)])
    problem.counts = [CountGroup(np.array([0, 1]), 2, 2, "min", waiver=0)]
    assert TeamSearch(problem).solve() is None
    assert TeamSearch(problem, mode="diagnose").diagnose() == [0]
    relaxed = TeamSearch(problem, mode="relax").solve()
    assert _seated(problem, relaxed) == [(0, 0)] and relaxed.waivers == [0]


def test_an_option_waiver_is_on_when_its_option_is_chosen():
    problem = _problem(
        [(0, 0)],
        [1],
        [0],
        n_options=2,
        item_costs={"load": np.array([0, 9])},
        waivers=[Waiver("window", 1)],
        option_waivers=np.array([[0, 0]]),
    )
    assert TeamSearch(problem).solve().option == 1
    relaxed = TeamSearch(problem, mode="relax").solve()
    assert relaxed.option == 1 and relaxed.waivers == []
    problem.item_costs = {"load": np.array([0, 10**8])}
    relaxed = TeamSearch(problem, mode="relax").solve()
    assert relaxed.option == 0 and relaxed.waivers == [0] and relaxed.cost == 1
