"""A minimal-change re-plan at M (issue: the living year), timed end to end.

The year is planned once (15 s), its seats put in the workflow (every third challenge
confirmed with its start, the rest proposed), then the programme changes: the peer of one
proposed seat becomes unavailable over its dates, and another challenge's window grows by
a week. The re-plan is timed from the workflow to the listed changes: pin the workflow
(pinned_programme), solve (15 s, 2 workers), validate, and list every seat in play it
changes with its reason (changed_seats). Asserted: the plan passes the validator, every
confirmed seat keeps peer and start, the seat whose peer became unavailable is listed
under H3. Printed: how many seats in play the re-plan starts on another day (S7's start
charge, matcher.encoding.stability, keeps them where possible).

Run: .venv/bin/python -m pytest benchmarks/test_bench_replan.py -p no:cacheprovider -s
"""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

from benchmarks.instances import SOLVER_SEED, WORKERS
from matcher.batch.job import run_batch
from matcher.models import Unavailability
from matcher.workflow import State, WorkflowSeat, pinned_programme
from matcher.workflow.replan import changed_seats
from solver.solve import SolveParams

LIMIT_S = 15.0


def _workflow(plan) -> list[WorkflowSeat]:
    challenges = sorted({a.challenge_id for a in plan})
    confirmed = set(challenges[::3])
    return [
        WorkflowSeat(
            a.challenge_id,
            a.seat_id,
            a.peer_id,
            State.CONFIRMED if a.challenge_id in confirmed else State.PROPOSED,
            a.start_date,
            i + 1,
        )
        for i, a in enumerate(plan)
    ]


def _changed(programme, seats: list[WorkflowSeat], plan):
    """One proposed peer unavailable over its seat's dates; one window a week longer."""
    victim = next(s for s in seats if s.state is State.PROPOSED)
    seat = next(
        a for a in plan if (a.challenge_id, a.seat_id) == (victim.challenge_id, victim.seat_id)
    )
    away = Unavailability(
        peer_id=victim.peer_id, from_date=seat.start_date, to_date=seat.end_date, reason="ill"
    )
    moved_id = next(
        s.challenge_id
        for s in seats
        if s.state is State.PROPOSED and s.challenge_id != victim.challenge_id
    )
    challenges = tuple(
        c.model_copy(update={"latest_start": c.latest_start + timedelta(days=7)})
        if c.challenge_id == moved_id
        else c
        for c in programme.challenges
    )
    changed = dataclasses.replace(
        programme,
        unavailability=(*programme.unavailability, away),
        challenges=challenges,
    )
    return changed, victim


def test_minimal_change_replan_at_m(instances, results):
    params = SolveParams(time_limit_s=LIMIT_S, workers=WORKERS, seed=SOLVER_SEED)
    programme = instances.programme("M")
    first = run_batch(programme, params)
    seats = _workflow(first.assignments)
    changed, victim = _changed(programme, seats, first.assignments)
    t0 = time.perf_counter()
    pinned, _counts = pinned_programme(changed, seats)
    again = run_batch(pinned, params)
    listed = changed_seats(pinned, seats, again.assignments)
    wall = time.perf_counter() - t0
    assert again.report is not None and again.report.ok
    now = {(a.challenge_id, a.seat_id): (a.peer_id, a.start_date) for a in again.assignments}
    for s in (s for s in seats if s.state is State.CONFIRMED):
        assert now[(s.challenge_id, s.seat_id)] == (s.peer_id, s.start_date)
    mine = next(
        c for c in listed if (c.challenge_id, c.seat_id) == (victim.challenge_id, victim.seat_id)
    )
    assert mine.rule == "H3"
    by_rule: dict[str, int] = {}
    for c in listed:
        kind = f"{c.rule}: start moved" if "start moved" in c.reason else str(c.rule)
        by_rule[kind] = by_rule.get(kind, 0) + 1
    starts_moved = sum(
        1
        for s in seats
        if s.state is not State.CONFIRMED
        and (s.challenge_id, s.seat_id) in now
        and now[(s.challenge_id, s.seat_id)][1] != s.start_date
    )
    print(f"\nseat starts moved: {starts_moved} of {len(seats)} seats in play")
    print(
        f"\nminimal-change re-plan at M: {wall:.1f} s wall (solver limit {LIMIT_S:g} s, "
        f"encode {again.timings['encode_s']:.1f} s), {len(listed)} of {len(seats)} seats in "
        f"play changed {by_rule}, gap {again.summary['gap']:.2%}, "
        f"confirmed kept {sum(s.state is State.CONFIRMED for s in seats)}"
    )
