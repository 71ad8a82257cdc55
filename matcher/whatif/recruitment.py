"""Closing the gap: cap exceptions to approve (H4) and the smallest recruitment.

Two solves of the gap model (gap_model.py) over a scenario's unfilled seats:

1. *cap exceptions*: existing peers only, allowed over their cap at a cost per exception
   and per day. H4 says going beyond a cap is only ever a proposal in what-if mode, so
   these are listed as needing approval, never applied;
2. *recruitment*: existing peers within their caps (free: the plan left them spare) plus
   recruit slots per profile at a recruitment cost each. Its answer reads "recruit 3
   Labour lead member peers in North West ...; they fill 11 seats".

`verify_recruitment` adds the recruits as synthetic peers and re-runs the batch with the
same time limit and seed, so the claim "they fill these seats" is checked by the batch
job and its independent validator, not only by the small model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from matcher.batch.job import BatchResult, run_batch
from matcher.models import Peer
from matcher.plan_usage import PlanUsage
from matcher.programme import Programme
from matcher.whatif.context import year_start
from matcher.whatif.gap_inputs import (
    GapSeat,
    existing_candidates,
    gap_seats,
)
from matcher.whatif.gap_model import GapInput, GapSolution, solve_gaps
from matcher.whatif.profiles import (
    Profile,
    build_slots,
    choose_homes,
    home_conflicts,
    home_masks,
    regional_conflicts,
    with_region,
)
from matcher.whatif.scenario_models import RecruitmentCost
from solver.solve import SolveParams


@dataclass(frozen=True)
class RecruitLine:
    profile: Profile
    count: int
    seats: tuple[str, ...]
    """'challenge_id/seat_id' of every seat these recruits take."""
    homes: tuple[str, ...]


@dataclass(frozen=True)
class ExceptionProposal:
    peer_id: str
    kind: str
    cap: int
    extra_days: int
    seats: tuple[str, ...]


@dataclass
class GapAnalysis:
    """What closes a scenario's gap, with each model's status and gap (for the report)."""

    unfilled: int
    recruits: list[RecruitLine] = field(default_factory=list)
    existing_fill: tuple[str, ...] = ()
    """Seats existing peers could take within their caps (the batch left them spare)."""
    not_closable: tuple[str, ...] = ()
    exceptions: list[ExceptionProposal] = field(default_factory=list)
    exceptions_unclosed: int = 0
    model: dict[str, dict] = field(default_factory=dict)
    verified_filled: int | None = None
    verified_unfilled: int | None = None

    @property
    def recruit_count(self) -> int:
        return sum(line.count for line in self.recruits)

    def sentence(self) -> str:
        """The recruitment answer in one sentence a planner can forward."""
        if not self.unfilled:
            return "Every seat is filled: no recruitment needed."
        if not self.recruits:
            return f"No recruit profile fills the {self.unfilled} unfilled seats" + (
                f" ({len(self.existing_fill)} fit existing peers)." if self.existing_fill else "."
            )
        seats = [s for line in self.recruits for s in line.seats]
        text = (
            f"Recruit {_and([line.profile.describe(line.count) for line in self.recruits])}"
            f"; they fill {len(seats)} seat{'s' if len(seats) != 1 else ''} "
            f"({', '.join(seats)})"
        )
        if self.existing_fill:
            text += f"; existing peers with spare days take {len(self.existing_fill)} more"
        if self.not_closable:
            text += f"; {len(self.not_closable)} seats stay unfilled"
        return text + "."


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _label(gap: GapSeat) -> str:
    return f"{gap.seat.challenge_id}/{gap.seat.seat_id}"


def _model_info(sol: GapSolution, inp: GapInput) -> dict:
    return {
        "status": sol.status.value,
        "objective": sol.objective,
        "bound": sol.bound,
        "gap": sol.gap,
        "seconds": round(sol.seconds, 3),
        "seats": len(inp.gaps),
        "slots": len(inp.slots),
        "pairs": len(inp.slot_pairs) + len(inp.candidates),
    }


def propose_exceptions(
    inp: GapInput, costs: RecruitmentCost, params: SolveParams, analysis: GapAnalysis
) -> None:
    """Fill `analysis.exceptions`: cap exceptions (H4) for existing peers, to approve."""
    inp = replace(inp, slots=[], slot_pairs=[], allow_exceptions=True)
    sol = solve_gaps(inp, costs, params.time_limit_s, params.workers, params.seed)
    analysis.model["exceptions"] = _model_info(sol, inp)
    seats: dict[int, list[str]] = defaultdict(list)
    for g, (_, r) in sorted(sol.by_gap.items()):
        seats[r].append(_label(inp.gaps[g]))
    prog = inp.programme
    analysis.exceptions = [
        ExceptionProposal(
            prog.peers[p].peer_id,
            prog.peers[p].kind.value,
            prog.cap_of(prog.peers[p]),
            extra,
            tuple(seats[p]),
        )
        for p, extra in sorted(sol.extra_days.items())
    ]
    analysis.exceptions_unclosed = len(sol.unfilled)


def recommend_recruitment(
    inp: GapInput, costs: RecruitmentCost, params: SolveParams, analysis: GapAnalysis, masks
) -> None:
    """Fill `analysis.recruits`: the cheapest recruits (with spare existing peers) that
    fill the most seats, each placed at the home nearest their seats (profiles.py)."""
    sol = solve_gaps(inp, costs, params.time_limit_s, params.workers, params.seed)
    analysis.model["recruitment"] = _model_info(sol, inp)
    seats_of: dict[int, list[int]] = defaultdict(list)
    existing = []
    for g, (kind, r) in sorted(sol.by_gap.items()):
        if kind == "peer":
            existing.append(_label(inp.gaps[g]))
        else:
            seats_of[r].append(g)
    homes = choose_homes(inp.programme, inp.gaps, masks, seats_of, inp.slots)
    lines: dict[Profile, dict] = defaultdict(lambda: {"seats": [], "homes": []})
    for s, seats in sorted(seats_of.items()):
        line = lines[with_region(inp.programme, inp.slots[s], homes[s])]
        line["homes"].append(homes[s])
        line["seats"].extend(_label(inp.gaps[g]) for g in seats)
    analysis.recruits = [
        RecruitLine(p, len(v["homes"]), tuple(sorted(v["seats"])), tuple(v["homes"]))
        for p, v in sorted(lines.items(), key=lambda kv: kv[0].sort_key())
    ]
    analysis.existing_fill = tuple(existing)
    analysis.not_closable = tuple(_label(inp.gaps[g]) for g in sol.unfilled)


def recruit_peers(programme: Programme, lines: list[RecruitLine]) -> list[Peer]:
    """The recommended recruits as synthetic peers (trained at the year start, H6)."""
    trained = year_start(programme)
    out = []
    for line in lines:
        p = line.profile
        for home in line.homes:
            out.append(
                Peer(
                    peer_id=f"RECRUIT-{len(out) + 1:03d}",
                    name=f"Recruit {len(out) + 1} (synthetic)",
                    kind=p.kind,
                    party=p.party,
                    home_council=home,
                    tags=frozenset([p.tag] if p.tag else []),
                    council_types=frozenset({programme.councils[home].type}),
                    lead_peer=p.lead,
                    trained_on=trained,
                    conference_on=trained,
                    profile_updated_on=trained,
                )
            )
    return out


def analyse_gaps(
    programme: Programme,
    result: BatchResult,
    costs: RecruitmentCost,
    params: SolveParams,
    verify_with: SolveParams | None = None,
) -> GapAnalysis:
    """Cap exceptions and recruitment for the result's unfilled seats (module docstring).

    `params` bounds each gap model; `verify_with`, when given, re-runs the batch with the
    recruits added under those (the scenario's own) batch parameters.
    """
    gaps = gap_seats(programme, result)
    analysis = GapAnalysis(unfilled=len(gaps))
    if not gaps:
        return analysis
    plan = PlanUsage(programme, result.assignments)
    masks = home_masks(programme, gaps, plan.team_homes)
    candidates, left = existing_candidates(programme, result, gaps)
    slots, pairs = build_slots(programme, gaps)
    inp = GapInput(
        programme,
        gaps,
        candidates,
        left,
        slots,
        pairs,
        plan.team_parties,
        home_conflicts(masks),
        regional_conflicts(programme, gaps, masks),
    )
    propose_exceptions(inp, costs, params, analysis)
    free = [c for c in candidates if c.short == 0]
    recommend_recruitment(replace(inp, candidates=free), costs, params, analysis, masks)
    if verify_with is not None and analysis.recruits:
        extended = replace(
            programme, peers=programme.peers + tuple(recruit_peers(programme, analysis.recruits))
        )
        check = run_batch(extended, verify_with)
        analysis.verified_filled = len(check.assignments)
        analysis.verified_unfilled = len(check.unfilled)
    return analysis
