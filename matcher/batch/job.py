"""The batch job: schedule the whole programme in one CP-SAT model, then prove it.

Steps: encode (eligibility + constraint groups), greedy plan (warm start and baseline;
on a re-plan the previous plan is the warm start when it is no worse), CP-SAT, decode,
then the independent validator. A result leaves this module only if the validator finds
no hard violation and its recomputed objective equals the solver's; anything else is an
InternalError (a bug), never an answer. Then every seat left empty that a free peer could
take is filled (matcher.batch.repair) and the repaired plan is validated again; its
validated total is the objective reported.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace

from matcher.batch.repair import fill_free_seats, keep_valid_repairs
from matcher.batch.unfilled import unfilled_seat
from matcher.encoding.decode import assignments_from_items
from matcher.encoding.encode import DEFAULT_TOP_K, Encoding, encode
from matcher.encoding.stability import previous_plan_guide
from matcher.models import Assignment, PeerKind, UnfilledSeat
from matcher.plan_usage import PlanUsage
from matcher.programme import Programme
from matcher.validation import ValidationReport, validate
from matcher.workflow.pins import pin_confirmed_starts
from solver.evaluate import evaluate, objective
from solver.greedy import greedy
from solver.measure import controllable_gap, objective_constant
from solver.solve import (
    MIN_SEARCH_S,
    Progress,
    ProgressCallback,
    SolveParams,
    SolveResult,
    SolveStatus,
    relative_gap,
    solve,
)


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
    """Solve the year, validate the answer and summarise it (see the module docstring).

    `params.time_limit_s` bounds the whole job: encoding, the greedy start, the model build
    and the search share it, and progress reports time on the job's clock."""
    params = params or SolveParams(time_limit_s=programme.settings.time_limit_s)
    programme = pin_confirmed_starts(programme)  # a confirmed team keeps its start
    t0 = time.perf_counter()
    enc = encode(programme, top_k=top_k)
    t_encode = time.perf_counter() - t0
    hint = greedy(enc.problem)
    broken, penalties = evaluate(enc.problem, hint)
    greedy_objective = None if broken else objective(penalties)
    hint = _warm_start(enc, hint, None if broken else greedy_objective)
    constant = objective_constant(enc.problem)
    clocked = _on_job_clock(on_progress, t0, constant)
    if clocked is not None and greedy_objective is not None:
        clocked(Progress(greedy_objective, float("-inf"), 0.0))
    start_empty = enc.problem.n_seats - len(hint)
    left = params.time_limit_s - (time.perf_counter() - t0) - finish_reserve_s(enc, start_empty)
    limit = replace(params, time_limit_s=max(MIN_SEARCH_S, left))
    result = solve(enc.problem, limit, clocked, warm_start=hint)
    timings = {"encode_s": t_encode, "build_s": result.build_s, "solve_s": result.wall_s}
    if result.status in (SolveStatus.INFEASIBLE, SolveStatus.TIMEOUT):
        summary = _summary(enc, result, [], [], None, timings, constant)
        return BatchResult(
            result.status, [], [], summary, greedy_objective=greedy_objective, timings=timings
        )
    assignments = assignments_from_items(enc, result.chosen_items)
    report = validate(programme, assignments)
    _check_trust(report, result)
    assignments, report, result = _repair(enc, assignments, report, result)
    unfilled = unfilled_seats(enc, assignments, result)
    timings["job_s"] = time.perf_counter() - t0
    summary = _summary(enc, result, assignments, unfilled, report, timings, constant)
    summary["greedy_objective"] = greedy_objective
    return BatchResult(
        result.status, assignments, unfilled, summary, report, greedy_objective, timings
    )


def _warm_start(enc: Encoding, fresh, fresh_objective: int | None):
    """The plan the search starts from: the previous plan (the placements' peers, seats
    and starts, rebuilt by the greedy and completed where it no longer fits) when it is
    valid and no worse than the fresh greedy plan, else the fresh one. A re-plan then
    starts from the year as it stands (S7), not from a different year."""
    guide = previous_plan_guide(enc)
    if guide is None:
        return fresh
    kept = greedy(enc.problem, guide)
    broken, penalties = evaluate(enc.problem, kept)
    if broken or (fresh_objective is not None and objective(penalties) > fresh_objective):
        return fresh
    return kept


FINISH_RESERVE_S, FINISH_S_PER_SEAT, FINISH_S_PER_EMPTY = 0.3, 3e-4, 0.05
"""Time kept back from the search for decoding, validating, repairing and summarising:
about 1.5 s at L's 5,500 seats on a quiet machine, a fraction of a second at S, and up to
4 s at L under load 9 with 30 seats to repair (the greedy's empty seats stand in for
those the plan may leave)."""


def finish_reserve_s(enc: Encoding, start_empty: int) -> float:
    return FINISH_RESERVE_S + FINISH_S_PER_SEAT * len(enc.seats) + FINISH_S_PER_EMPTY * start_empty


def _on_job_clock(on_progress: ProgressCallback | None, t0: float, constant: int):
    """The progress callback with time since the job began (one clock for the whole job:
    the solver counts from its own start) and the objective's constant part."""
    if on_progress is None:
        return None

    def report(p: Progress) -> None:
        on_progress(replace(p, elapsed_s=time.perf_counter() - t0, constant=constant))

    return report


def _repair(enc: Encoding, assignments, report, result: SolveResult):
    """Fill every empty seat a free peer can take (matcher.batch.repair); the validated
    total of the repaired plan becomes its objective."""
    filled, added = fill_free_seats(enc, assignments, result.team_option)
    if not added:
        return assignments, report, result
    filled, added, report = keep_valid_repairs(enc, filled, added)
    if not report.ok:
        raise InternalError("the repaired plan breaks hard rules: " + report.summary())
    total = report.score.total
    bound = None if result.bound is None else min(result.bound, total)
    stats = {**result.stats, "repaired_seats": len(added)}
    repaired = replace(
        result,
        status=SolveStatus.FEASIBLE,  # any proof was of the plan before the repair
        objective=total,
        bound=bound,
        gap=None if bound is None else relative_gap(total, bound),
        penalties=dict(report.score.points),
        stats=stats,
    )
    return filled, report, repaired


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
    plan = PlanUsage(enc.programme, assignments)
    out = []
    for s, seat in enumerate(enc.seats):
        if (seat.challenge_id, seat.seat_id) in filled:
            continue
        team = int(enc.problem.seat_team[s])
        start = enc.option_dates[int(result.team_option[team])]
        out.append(unfilled_seat(enc.eligibility, plan, enc.teams[team], seat, start))
    return out


def _summary(
    enc: Encoding, result: SolveResult, assignments, unfilled, report, timings, constant: int
) -> dict:
    prog = enc.programme
    return {
        "status": result.status.value,
        "objective": result.objective,
        "best_bound": result.bound,
        "gap": result.gap,
        "objective_constant": constant,
        "controllable_gap": controllable_gap(result.objective, result.bound, constant),
        "repaired_seats": int(result.stats.get("repaired_seats", 0)),
        "solve_seconds": round(result.wall_s, 3),
        "first_solution_seconds": result.first_solution_s,
        "best_solution_seconds": result.best_solution_s,
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "search": _search_figures(result.stats),
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


def _search_figures(stats: dict) -> dict:
    """Where the bound came from and, when the whole LP ran in its own process (L), that
    process's peak memory: the job's memory is the run's plus this."""
    keep = ("bound_from", "lns_iterations", "bound_process_bound", "bound_process_peak_mib")
    return {key: stats[key] for key in keep if key in stats}


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
