"""The gap-closing model: a small CP-SAT model over the unfilled seats only.

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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from matcher.models import PeerKind
from matcher.programme import Programme
from matcher.whatif.gap_inputs import Candidate, GapSeat
from matcher.whatif.profiles import Slot, SlotPair
from matcher.whatif.scenario_models import RecruitmentCost
from solver.solve import SolveStatus, relative_gap

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


class _Model:
    """Variables of one GapInput, kept together so each constraint family is a method."""

    def __init__(self, inp: GapInput, costs: RecruitmentCost):
        self.inp, self.costs, self.m = inp, costs, cp_model.CpModel()
        self.x: dict[tuple[str, int, int], cp_model.IntVar] = {}
        self.by_resource: dict[tuple[str, int], list[int]] = defaultdict(list)
        for c in inp.candidates:
            self._pair(("peer", c.peer_index), c.gap_index)
        for p in inp.slot_pairs:
            self._pair(("slot", p.slot), p.gap)
        self.u = [self.m.new_bool_var(f"unfilled_{g}") for g in range(len(inp.gaps))]
        self.y = [self.m.new_bool_var(f"recruit_{s}") for s in range(len(inp.slots))]
        self.extra: dict[int, cp_model.IntVar] = {}
        self.objective: list = []

    def _pair(self, resource: tuple[str, int], g: int) -> None:
        self.x[(*resource, g)] = self.m.new_bool_var(f"x_{resource[0]}{resource[1]}_{g}")
        self.by_resource[resource].append(g)

    def cover(self) -> None:
        """H1 in partial mode: each gap seat is taken once or left unfilled (penalised)."""
        takers: dict[int, list] = defaultdict(list)
        for (_, _, g), var in self.x.items():
            takers[g].append(var)
        big = 100 * (max(self.costs.member, self.costs.officer) + self.costs.lead_extra)
        for g, u in enumerate(self.u):
            self.m.add(sum(takers[g]) + u == 1)
            self.objective.append(big * u)

    def capacity(self) -> None:
        """H4 per resource and financial year; peers may go over only by an exception."""
        prog, gaps = self.inp.programme, self.inp.gaps
        for (kind, r), seats in self.by_resource.items():
            by_year: dict[int, list] = defaultdict(list)
            for g in seats:
                by_year[prog.financial_year_of(gaps[g].start)].append(
                    gaps[g].days * self.x[(kind, r, g)]
                )
            for year, load in by_year.items():
                if kind == "slot":
                    self._recruit_cap(
                        r, [g for g in seats if prog.financial_year_of(gaps[g].start) == year], load
                    )
                else:
                    self.m.add(sum(load) <= self.inp.left[(r, year)] + self._extra(r))

    def _recruit_cap(self, slot: int, seats: list[int], load: list) -> None:
        """H4 for a recruit: days within the kind's cap, and (the same rule, stated so the
        LP bound sees it) at most cap // shortest seat's days seats in the year."""
        prog, profile = self.inp.programme, self.inp.slots[slot].profile
        cap = (
            prog.settings.member_cap_days
            if profile.kind is PeerKind.MEMBER
            else prog.settings.officer_cap_days
        )
        self.m.add(sum(load) <= cap * self.y[slot])
        shortest = min((self.inp.gaps[g].days for g in seats), default=0)
        if shortest > 0:
            self.m.add(
                sum(self.x[("slot", slot, g)] for g in seats) <= (cap // shortest) * self.y[slot]
            )

    def _extra(self, peer: int):
        if not self.inp.allow_exceptions:
            return 0
        if peer not in self.extra:
            extra = self.m.new_int_var(0, EXCEPTION_DAYS_MAX, f"extra_{peer}")
            used = self.m.new_bool_var(f"exception_{peer}")
            self.m.add(extra <= EXCEPTION_DAYS_MAX * used)
            self.objective += [self.costs.exception * used, self.costs.exception_day * extra]
            self.extra[peer] = extra
        return self.extra[peer]

    def overlaps(self) -> None:
        """H3 and H2: a resource holds at most one of any seats whose busy periods meet."""
        gaps = self.inp.gaps
        for (kind, r), seats in self.by_resource.items():
            for clique in _cliques([gaps[g].busy for g in seats]):
                if len(clique) > 1:
                    self.m.add(sum(self.x[(kind, r, seats[i])] for i in clique) <= 1)

    def recruits(self) -> None:
        """Slots: used if they take a seat; never two seats with no common home (H5)."""
        for pair in self.inp.slot_pairs:
            self.m.add(self.x[("slot", pair.slot, pair.gap)] <= self.y[pair.slot])
        for s, slot in enumerate(self.inp.slots):
            self.objective.append(slot.profile.cost(self.costs) * self.y[s])
            if slot.k > 0:  # symmetry: the k-th recruit of a profile only after the (k-1)-th
                self.m.add(self.y[s] <= self.y[s - 1])
            seats = set(self.by_resource[("slot", s)])
            for g1, g2 in self.inp.conflicts:
                if g1 in seats and g2 in seats:
                    self.m.add(self.x[("slot", s, g1)] + self.x[("slot", s, g2)] <= 1)
            self._geography(s, seats)

    def _geography(self, s: int, seats: set[int]) -> None:
        """Tie-breaks (1 point each): a recruit's seats in another region, and seat pairs
        with no common home in either client's region."""
        by_region: dict[str, list] = defaultdict(list)
        for g in seats:
            by_region[self.inp.gaps[g].region].append(self.x[("slot", s, g)])
        if len(by_region) > 1:
            for region, xs in by_region.items():
                touched = self.m.new_bool_var(f"region_{s}_{region}")
                for x in xs:
                    self.m.add(x <= touched)
                self.objective.append(touched)
        for g1, g2 in self.inp.soft_conflicts:
            if g1 in seats and g2 in seats:
                both = self.m.new_bool_var(f"far_{s}_{g1}_{g2}")
                self.m.add(both >= self.x[("slot", s, g1)] + self.x[("slot", s, g2)] - 1)
                self.objective.append(both)


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


def _team_constraints(mdl: _Model) -> None:
    """H8 among existing newcomers of one team (distinct homes) and H7 (party mix)."""
    inp = mdl.inp
    seats_of: dict[str, list[int]] = defaultdict(list)
    for g, gap in enumerate(inp.gaps):
        seats_of[gap.challenge.challenge_id].append(g)
    for team, seats in seats_of.items():
        if len(seats) < 2:
            continue
        same_home: dict[str, list] = defaultdict(list)
        for (kind, r, g), x in mdl.x.items():
            if g in seats and kind == "peer":
                same_home[inp.programme.peers[r].home_council].append(x)
        for takers in same_home.values():
            if len(takers) > 1:
                mdl.m.add(sum(takers) <= 1)
        _party_mix(mdl, team, seats)


def _party_mix(mdl: _Model, team: str, seats: list[int]) -> None:
    inp = mdl.inp
    members = [
        g for g in seats if inp.gaps[g].seat.kind is PeerKind.MEMBER and not inp.gaps[g].seat.shadow
    ]
    placed = inp.parties.get(team, [])
    size = len(placed) + len(members)
    if not members or size < 2:
        return
    by_party: dict[object, list] = defaultdict(list)
    for (kind, r, g), x in mdl.x.items():
        if g in members:
            party = inp.programme.peers[r].party if kind == "peer" else inp.slots[r].profile.party
            by_party[party].append(x)
    for party, xs in by_party.items():
        mdl.m.add(placed.count(party) + sum(xs) <= size - 1)


def solve_gaps(
    inp: GapInput,
    costs: RecruitmentCost,
    time_limit_s: float = 30.0,
    workers: int = 1,
    seed: int = 0,
) -> GapSolution:
    """Build and solve the model (module docstring); statuses are the project's own."""
    mdl = _Model(inp, costs)
    mdl.cover()
    mdl.capacity()
    mdl.overlaps()
    mdl.recruits()
    _team_constraints(mdl)
    mdl.m.minimize(sum(mdl.objective))
    _hint(mdl)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(mdl.m)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status = SolveStatus.INFEASIBLE if code == cp_model.INFEASIBLE else SolveStatus.TIMEOUT
        return GapSolution(
            status, {}, {}, None, None, None, solver.wall_time, list(range(len(inp.gaps)))
        )
    return _read(mdl, solver, code)


def _hint(mdl: _Model) -> None:
    """Start CP-SAT from the first-fit plan (gap_greedy.py)."""
    from matcher.whatif.gap_greedy import greedy_plan

    plan = greedy_plan(mdl.inp, mdl.costs, mdl.by_resource)
    for key, x in mdl.x.items():
        mdl.m.add_hint(x, key in plan)
    used = {r for kind, r, _ in plan if kind == "slot"}
    for s, y in enumerate(mdl.y):
        mdl.m.add_hint(y, s in used)
    covered = {g for _, _, g in plan}
    for g, u in enumerate(mdl.u):
        mdl.m.add_hint(u, g not in covered)


def _read(mdl: _Model, solver: cp_model.CpSolver, code) -> GapSolution:
    by_gap = {g: (kind, r) for (kind, r, g), x in mdl.x.items() if solver.boolean_value(x)}
    extra = {p: solver.value(v) for p, v in mdl.extra.items() if solver.value(v) > 0}
    objective = int(round(solver.objective_value))
    bound = float(solver.best_objective_bound)
    status = SolveStatus.OPTIMAL if code == cp_model.OPTIMAL else SolveStatus.FEASIBLE
    return GapSolution(
        status,
        by_gap,
        extra,
        objective,
        bound,
        relative_gap(objective, bound),
        solver.wall_time,
        [g for g, u in enumerate(mdl.u) if solver.boolean_value(u)],
    )
