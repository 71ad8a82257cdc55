"""A first-fit plan for the gap model, given to CP-SAT as its hint.

Why: with a hundred seats and as many recruit slots, CP-SAT on one worker can spend its
whole limit before finding a plan as good as plain first fit. Seats with the fewest
takers go first; each takes a spare existing peer if one fits, else a recruit already
hired, else the next recruit of the cheapest fitting profile. H3 (no overlaps), H4
(days within the cap) and H5 (no two seats without a common home) are kept; H7's party
mix is left to the model, which repairs the hint where needed.
"""

from __future__ import annotations

from collections import defaultdict

from matcher.models import PeerKind
from matcher.whatif.scenario_models import RecruitmentCost


def _overlaps(busy: list[tuple], period: tuple) -> bool:
    return any(a <= period[1] and period[0] <= b for a, b in busy)


def greedy_plan(inp, costs: RecruitmentCost, by_resource: dict) -> set[tuple[str, int, int]]:
    """The (kind, resource, gap) triples of a first-fit plan (module docstring)."""
    prog, gaps = inp.programme, inp.gaps
    takers: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for resource, seats in by_resource.items():
        for g in seats:
            takers[g].append(resource)
    days: dict[tuple, int] = defaultdict(int)
    busy: dict[tuple, list] = defaultdict(list)
    held: dict[tuple, list[int]] = defaultdict(list)
    hired: set[int] = set()
    chosen: set[tuple[str, int, int]] = set()
    for g in sorted(range(len(gaps)), key=lambda g: (len(takers[g]), gaps[g].start)):
        for resource in sorted(takers[g], key=lambda r: _rank(inp, costs, r, hired)):
            year = prog.financial_year_of(gaps[g].start)
            if (
                _overlaps(busy[resource], gaps[g].busy)
                or days[(resource, year)] + gaps[g].days > _cap(inp, resource, year)
                or any(tuple(sorted((g, h))) in inp.conflicts for h in held[resource])
            ):
                continue
            if (
                resource[0] == "slot"
                and resource[1] not in hired
                and not _next(inp, resource, hired)
            ):
                continue
            days[(resource, year)] += gaps[g].days
            busy[resource].append(gaps[g].busy)
            held[resource].append(g)
            chosen.add((*resource, g))
            if resource[0] == "slot":
                hired.add(resource[1])
            break
    return chosen


def _rank(inp, costs: RecruitmentCost, resource: tuple[str, int], hired: set[int]) -> tuple:
    """Existing peers first, then recruits already hired, then the cheapest new one."""
    kind, r = resource
    if kind == "peer":
        return (0, 0, r)
    slot = inp.slots[r]
    return (1 if r in hired else 2, slot.profile.cost(costs), r)


def _next(inp, resource: tuple[str, int], hired: set[int]) -> bool:
    """A new slot is hired only after the previous one of its profile (symmetry)."""
    slot = inp.slots[resource[1]]
    return slot.k == 0 or resource[1] - 1 in hired


def _cap(inp, resource: tuple[str, int], year: int) -> int:
    prog = inp.programme
    kind, r = resource
    if kind == "peer":
        return inp.left[(r, year)] if not inp.allow_exceptions else 10**6
    profile = inp.slots[r].profile
    return (
        prog.settings.member_cap_days
        if profile.kind is PeerKind.MEMBER
        else prog.settings.officer_cap_days
    )
