"""The batch job: schedule the whole programme in one CP-SAT model, then prove it.

Steps: encode (eligibility + constraint groups), greedy plan (warm start and baseline),
CP-SAT, decode, then the independent validator. A result leaves this module only if the
validator finds no hard violation and its recomputed objective equals the solver's;
anything else is an InternalError (a bug), never an answer.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from matcher.batch.unfilled import PlanState, unfilled_seat
from matcher.encoding.decode import assignments_from_items
from matcher.encoding.encode import DEFAULT_TOP_K, Encoding, encode
from matcher.models import Assignment, PeerKind, UnfilledSeat
from matcher.programme import Programme
from matcher.validation import ValidationReport, validate
from solver.evaluate import evaluate, objective
from solver.greedy import greedy
from solver.solve import ProgressCallback, SolveParams, SolveResult, SolveStatus, solve


class InternalError(RuntimeError):
    """The solver's answer failed the independent validator: a bug, never a result."""


@dataclass
class BatchResult:
    status: SolveStatus
    assignments: list[Assignment]
    unfilled: list[UnfilledSeat]
    summary: dict
    report: ValidationReport | None = None
    greedy_objective: int | None = None
    timings: dict[str, float] = field(default_factory=dict)


def run_batch(
    programme: Programme,
    params: SolveParams | None = None,
    on_progress: ProgressCallback | None = None,
    top_k: int | None = DEFAULT_TOP_K,
) -> BatchResult:
    """Solve the year, validate the answer and summarise it (see the module docstring)."""
    params = params or SolveParams(time_limit_s=programme.settings.time_limit_s)
    t0 = time.perf_counter()
    enc = encode(programme, top_k=top_k)
    t_encode = time.perf_counter() - t0
    hint = greedy(enc.problem)
    broken, penalties = evaluate(enc.problem, hint)
    greedy_objective = None if broken else objective(penalties)
    enc.problem.hint_items = hint
    result = solve(enc.problem, params, on_progress)
    timings = {"encode_s": t_encode, "build_s": result.build_s, "solve_s": result.wall_s}
    if result.status in (SolveStatus.INFEASIBLE, SolveStatus.TIMEOUT):
        return BatchResult(
            result.status,
            [],
            [],
            _summary(enc, result, [], [], None, timings),
            greedy_objective=greedy_objective,
            timings=timings,
        )
    assignments = assignments_from_items(enc, result.chosen_items)
    report = validate(programme, assignments)
    _check_trust(report, result)
    unfilled = unfilled_seats(enc, assignments, result)
    summary = _summary(enc, result, assignments, unfilled, report, timings)
    summary["greedy_objective"] = greedy_objective
    return BatchResult(
        result.status, assignments, unfilled, summary, report, greedy_objective, timings
    )


def _check_trust(report: ValidationReport, result: SolveResult) -> None:
    if not report.ok:
        raise InternalError("the solver's plan breaks hard rules: " + report.summary())
    if report.score.total != result.objective:
        raise InternalError(
            f"objective mismatch: solver {result.objective}, validator {report.score.total} "
            f"(solver by label {result.penalties}, validator {dict(report.score.points)})"
        )


def unfilled_seats(
    enc: Encoding, assignments: list[Assignment], result: SolveResult
) -> list[UnfilledSeat]:
    """An `unfilled` row for every seat the plan leaves empty."""
    filled = {(a.challenge_id, a.seat_id) for a in assignments}
    plan = PlanState(enc.programme, assignments)
    out = []
    for s, seat in enumerate(enc.seats):
        if (seat.challenge_id, seat.seat_id) in filled:
            continue
        team = int(enc.problem.seat_team[s])
        start = enc.option_dates[int(result.team_option[team])]
        out.append(unfilled_seat(enc.eligibility, plan, enc.teams[team], seat, start))
    return out


def _summary(enc: Encoding, result: SolveResult, assignments, unfilled, report, timings) -> dict:
    prog = enc.programme
    return {
        "status": result.status.value,
        "objective": result.objective,
        "best_bound": result.bound,
        "gap": result.gap,
        "solve_seconds": round(result.wall_s, 3),
        "first_solution_seconds": result.first_solution_s,
        "best_solution_seconds": result.best_solution_s,
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "counts": {
            "challenges": len(prog.challenges),
            "seats": len(enc.seats),
            "filled": len(assignments),
            "unfilled": len(unfilled),
            "peers": len(prog.peers),
            "peers_used": len({a.peer_id for a in assignments}),
            "candidate_pairs": enc.candidate_pairs,
            "model_pairs": enc.problem.n_pairs,
            "model_items": enc.problem.n_items,
        },
        "points_by_rule": dict(report.score.points) if report else result.penalties,
        "cost_estimate_gbp": report.score.expense_gbp if report else None,
        "utilisation_by_group_office": group_office_use(prog, assignments),
    }


def group_office_use(programme: Programme, assignments: list[Assignment]) -> dict:
    """S4 view: member seats and days per group office against its share of the pool.

    `seats` counts every member seat, shadow seats included (as the usage report's
    placements do); `shadow_seats` says how many of them were shadow seats, which charge no
    days (H4) and are left out of `seat_share`, the share S4 keeps near `pool_share`.
    """
    pool = Counter(p.group_office.value for p in programme.peers if p.kind is PeerKind.MEMBER)
    seats: Counter = Counter()
    shadow: Counter = Counter()
    days: Counter = Counter()
    for a in assignments:
        peer = programme.peer_by_id[a.peer_id]
        if peer.kind is not PeerKind.MEMBER:
            continue
        seats[peer.group_office.value] += 1
        if programme.seat_by_key[(a.challenge_id, a.seat_id)].shadow:
            shadow[peer.group_office.value] += 1
        else:
            days[peer.group_office.value] += programme.challenge_by_id[a.challenge_id].charged_days
    paid = {g: seats[g] - shadow[g] for g in pool}
    total_pool, total_paid = sum(pool.values()) or 1, sum(paid.values()) or 1
    return {
        g: {
            "pool_share": round(pool[g] / total_pool, 3),
            "seats": seats[g],
            "shadow_seats": shadow[g],
            "seat_share": round(paid[g] / total_paid, 3),
            "days": days[g],
        }
        for g in sorted(pool)
    }
