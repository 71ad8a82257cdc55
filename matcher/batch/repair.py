"""No avoidable empty seat: fill every seat a plan leaves empty that a free peer could take.

The model keeps only the top-k candidates of each seat (pruning) and a time limit can stop
the search early, so a plan may leave a seat empty while an eligible peer sits idle. Before
a plan is returned, each empty seat (in seat order) gets the *free* peer with the fewest
seat points (S1 fit + S3 cost), peers the plan does not use yet first. Free means what
`matcher.batch.unfilled.blocking_rules` says: within the seat's H1 population and kept out
by no hard rule (H3-H8) at the team's start given the plan as it stands, so each repair
sees the ones before it. The independent validator is the judge: a repair it rejects is
dropped, and the plan's objective is the validator's total.
"""

from __future__ import annotations

from matcher.batch.unfilled import blocking_rules
from matcher.encoding.decode import assignment_row
from matcher.encoding.types import Encoding
from matcher.models import Assignment
from matcher.plan_usage import PlanUsage
from matcher.scoring import pair_points
from matcher.validation import ValidationReport, validate


def fill_free_seats(
    enc: Encoding, assignments: list[Assignment], team_option
) -> tuple[list[Assignment], list[Assignment]]:
    """(the plan with empty seats filled where a free peer exists, the rows added)."""
    prog = enc.programme
    plan = PlanUsage(prog, assignments)
    filled = {(a.challenge_id, a.seat_id) for a in assignments}
    used = {a.peer_id for a in assignments}
    added: list[Assignment] = []
    for s, seat in enumerate(enc.seats):
        if (seat.challenge_id, seat.seat_id) in filled:
            continue
        team = int(enc.problem.seat_team[s])
        challenge, start = enc.teams[team], enc.option_dates[int(team_option[team])]
        rules = blocking_rules(enc.eligibility, plan, challenge, seat, start, free_only=True)
        free = [prog.peers[q] for q in rules]
        if not free:
            continue
        peer = min(
            free,
            key=lambda p: (p.peer_id in used, pair_points(prog, p, seat, challenge), p.peer_id),
        )
        row = assignment_row(prog, seat, peer, challenge, start)
        plan.add(row)
        used.add(peer.peer_id)
        added.append(row)
    return _sorted(assignments + added), added


def keep_valid_repairs(
    enc: Encoding, assignments: list[Assignment], added: list[Assignment]
) -> tuple[list[Assignment], list[Assignment], ValidationReport]:
    """Validate the repaired plan; if the validator objects, keep only the repairs that
    pass one by one (a safety net: the free-peer test mirrors the hard rules)."""
    prog = enc.programme
    report = validate(prog, assignments)
    if report.ok or not added:
        return assignments, added, report
    new = {(a.challenge_id, a.seat_id) for a in added}
    plan = [a for a in assignments if (a.challenge_id, a.seat_id) not in new]
    kept: list[Assignment] = []
    for row in added:
        trial = _sorted([*plan, *kept, row])
        if validate(prog, trial).ok:
            kept.append(row)
    plan = _sorted(plan + kept)
    return plan, kept, validate(prog, plan)


def _sorted(assignments: list[Assignment]) -> list[Assignment]:
    return sorted(assignments, key=lambda a: (a.challenge_id, a.seat_id))
