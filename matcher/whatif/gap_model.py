"""The gap-closing model: a small covering model over the unfilled seats only.

Why its own model rather than virtual peers in the batch: the question is "how few
recruits", a fixed cost per distinct person, which the batch objective (per-seat costs)
cannot express without changing the core; and only the unfilled seats matter, so the model
stays small (hundreds of seats, not the year's thousands), and it proves its own bound.
The batch plan is kept as it is: recruits and exceptions only add to it. So the answer
is an upper bound on what a full re-plan would need; `verify` in recruitment.py re-runs
the batch with the recruits added to show the seats really fill.

Resources: existing peers (free, or over their cap with an exception, H4) and recruit
slots (profiles.py). Hard rules kept per resource: H3 (no overlapping busy periods; the
plan's own overlaps were filtered out before), H4 (days per financial year within the
cap, plus any exception), H2 (a clique covers one challenge's seats), H5 (a recruit never
takes two seats whose clients leave no common home; the home itself is chosen after),
H8 (existing newcomers of one team have different homes), H7 (the team's member peers
are not all one party). Objective (minimised): a large penalty per seat left unfilled,
then the recruitment cost, then the exception cost.

The model itself is solver.cover's numeric CoverProblem (tasks = gap seats, resources =
existing peers then recruit slots, capacity groups = financial years, zones = regions);
this module only translates, so the domain never imports OR-Tools.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from matcher.models import PeerKind
from matcher.programme import Programme
from matcher.whatif.gap_inputs import Candidate, GapSeat
from matcher.whatif.profiles import Slot, SlotPair
from matcher.whatif.scenario_models import RecruitmentCost
from solver.cover import CoverProblem, CoverSolution, solve_cover
from solver.solve import SolveStatus

EXCEPTION_DAYS_MAX = 60


@dataclass
class GapInput:
    programme: Programme
    gaps: list[GapSeat]
    candidates: list[Candidate] = field(default_factory=list)
    left: dict[tuple[int, int], int] = field(default_factory=dict)
    slots: list[Slot] = field(default_factory=list)
    slot_pairs: list[SlotPair] = field(default_factory=list)
    parties: dict[str, list] = field(default_factory=dict)
    """H7: parties of member peers already on each team."""
    conflicts: set[tuple[int, int]] = field(default_factory=set)
    """H5: gap pairs one recruit cannot both take (no home suits both clients)."""
    soft_conflicts: set[tuple[int, int]] = field(default_factory=set)
    """Gap pairs one recruit could take only living outside both clients' regions."""
    allow_exceptions: bool = False


@dataclass
class GapSolution:
    status: SolveStatus
    by_gap: dict[int, tuple[str, int]]
    """gap index -> ('peer', peer index) or ('slot', slot index)."""
    extra_days: dict[int, int]
    """peer index -> days above their cap (an exception to approve, H4)."""
    objective: int | None
    bound: float | None
    gap: float | None
    seconds: float
    unfilled: list[int]


def _resources(inp: GapInput) -> tuple[list[tuple[str, int]], list[tuple[int, int]]]:
    """Resources in order of first use ((kind, index)) and the pairs (resource, gap)."""
    keys = [("peer", c.peer_index, c.gap_index) for c in inp.candidates]
    keys += [("slot", p.slot, p.gap) for p in inp.slot_pairs]
    order: dict[tuple[str, int], int] = {}
    pairs = [(order.setdefault((kind, r), len(order)), g) for kind, r, g in keys]
    return list(order), pairs


def _limits(inp: GapInput, resources, pairs, years) -> dict[tuple[int, int], int]:
    """H4 per resource and financial year: days left for a peer, the kind's cap for a
    recruit."""
    prog = inp.programme
    out = {}
    for r, g in pairs:
        kind, i = resources[r]
        if kind == "peer":
            out[(r, years[g])] = inp.left[(i, years[g])]
        else:
            member = inp.slots[i].profile.kind is PeerKind.MEMBER
            settings = prog.settings
            out[(r, years[g])] = settings.member_cap_days if member else settings.officer_cap_days
    return out


def _rows(inp: GapInput, resources, pairs) -> list[tuple[np.ndarray, int]]:
    """H8 among existing newcomers of one team (distinct homes) and H7 (party mix)."""
    seats_of: dict[str, list[int]] = defaultdict(list)
    for g, gap in enumerate(inp.gaps):
        seats_of[gap.challenge.challenge_id].append(g)
    out = []
    for team, seats in seats_of.items():
        if len(seats) < 2:
            continue
        same_home: dict[str, list[int]] = defaultdict(list)
        for i, (r, g) in enumerate(pairs):
            kind, q = resources[r]
            if g in seats and kind == "peer":
                same_home[inp.programme.peers[q].home_council].append(i)
        out += [(np.array(idx), 1) for idx in same_home.values() if len(idx) > 1]
        out += _party_mix(inp, team, seats, resources, pairs)
    return out


def _party_mix(inp: GapInput, team: str, seats: list[int], resources, pairs) -> list:
    gaps = inp.gaps
    members = [g for g in seats if gaps[g].seat.kind is PeerKind.MEMBER and not gaps[g].seat.shadow]
    placed = inp.parties.get(team, [])
    size = len(placed) + len(members)
    if not members or size < 2:
        return []
    by_party: dict[object, list[int]] = defaultdict(list)
    for i, (r, g) in enumerate(pairs):
        if g in members:
            kind, q = resources[r]
            party = inp.programme.peers[q].party if kind == "peer" else inp.slots[q].profile.party
            by_party[party].append(i)
    return [(np.array(idx), size - 1 - placed.count(party)) for party, idx in by_party.items()]


def cover_problem(inp: GapInput, costs: RecruitmentCost) -> tuple[CoverProblem, list, list]:
    """The numeric model of `inp`, with its resources and pairs to read the answer back."""
    from matcher.whatif.gap_greedy import greedy_plan

    prog, gaps = inp.programme, inp.gaps
    resources, pairs = _resources(inp)
    years = [prog.financial_year_of(g.start) for g in gaps]
    regions = {r: i for i, r in enumerate(sorted({g.region for g in gaps}))}
    hire = [inp.slots[i].profile.cost(costs) if kind == "slot" else -1 for kind, i in resources]
    index = {key: r for r, key in enumerate(resources)}
    prev = [
        index.get(("slot", i - 1), -1) if kind == "slot" and inp.slots[i].k > 0 else -1
        for kind, i in resources
    ]
    by_resource: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r, g in pairs:
        by_resource[resources[r]].append(g)
    plan = greedy_plan(inp, costs, by_resource)
    big = 100 * (max(costs.member, costs.officer) + costs.lead_extra)
    problem = CoverProblem(
        task_weight=np.array([g.days for g in gaps], dtype=np.int64),
        task_period=np.array(
            [[d.toordinal() for d in g.busy] for g in gaps], dtype=np.int64
        ).reshape(len(gaps), 2),
        task_group=np.array(years, dtype=np.int64),
        task_zone=np.array([regions[g.region] for g in gaps], dtype=np.int64),
        unfilled_cost=big,
        pair_resource=np.array([r for r, _ in pairs], dtype=np.int64),
        pair_task=np.array([g for _, g in pairs], dtype=np.int64),
        resource_hire=np.array(hire, dtype=np.int64),
        resource_prev=np.array(prev, dtype=np.int64),
        limit=_limits(inp, resources, pairs, years),
        overtime_max=EXCEPTION_DAYS_MAX if inp.allow_exceptions else 0,
        overtime_fixed=costs.exception,
        overtime_unit=costs.exception_day,
        exclusive=inp.conflicts,
        discouraged=inp.soft_conflicts,
        at_most=_rows(inp, resources, pairs),
        hint_pairs={i for i, (r, g) in enumerate(pairs) if (*resources[r], g) in plan},
    )
    return problem, resources, pairs


def solve_gaps(
    inp: GapInput,
    costs: RecruitmentCost,
    time_limit_s: float = 30.0,
    workers: int = 1,
    seed: int = 0,
) -> GapSolution:
    """Build and solve the model (module docstring), started from the first-fit plan
    (gap_greedy.py); statuses are the project's own."""
    problem, resources, pairs = cover_problem(inp, costs)
    sol: CoverSolution = solve_cover(problem, time_limit_s, workers, seed)
    by_gap = {pairs[i][1]: resources[pairs[i][0]] for i in sol.chosen}
    extra = {resources[r][1]: days for r, days in sol.overtime.items()}
    return GapSolution(
        sol.status, by_gap, extra, sol.objective, sol.bound, sol.gap, sol.seconds, sol.uncovered
    )
