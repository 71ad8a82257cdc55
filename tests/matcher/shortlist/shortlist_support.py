"""Shared checks for the shortlist tests: every option and alternate against the validator.

`check_result` re-validates each option together with the whole plan (the rest of the
year), checks that its score is exactly what matcher.scoring adds to the plan's score,
that options differ pairwise in at least d seats, and that every alternate swapped into
its option also validates and changes the score by exactly its score difference.
"""

from __future__ import annotations

from matcher.scoring import score_solution
from matcher.shortlist import ShortlistIndex, ShortlistResult
from matcher.validation import validate


def plan_without(index: ShortlistIndex, challenge_id: str):
    return [a for a in index.plan.rows if a.challenge_id != challenge_id]


def differing_seats(a, b) -> int:
    seats_a = {x.seat_id: x.peer_id for x in a.assignments}
    seats_b = {x.seat_id: x.peer_id for x in b.assignments}
    return sum(seats_a.get(s) != seats_b.get(s) for s in set(seats_a) | set(seats_b))


def check_result(
    index: ShortlistIndex, result: ShortlistResult, d: int, alternates: bool = True
) -> None:
    prog = index.programme
    others = plan_without(index, result.challenge_id)
    base = score_solution(prog, others).total
    for option in result.options:
        report = validate(prog, others + option.assignments)
        assert report.ok, [v.message for v in report.violations]
        assert report.score.total - base == option.score
        assert sum(option.points.values()) == option.score
        if alternates:
            check_alternates(index, option, others, base)
    for i, a in enumerate(result.options):
        for b in result.options[i + 1 :]:
            assert differing_seats(a, b) >= d


def check_alternates(index: ShortlistIndex, option, others, base: int) -> None:
    prog = index.programme
    for seat_id, alts in option.alternates.items():
        diffs = [alt.score_difference for alt in alts]
        assert diffs == sorted(diffs)
        for alt in alts:
            team = [
                a if a.seat_id != seat_id else a.model_copy(update={"peer_id": alt.peer_id})
                for a in option.assignments
            ]
            report = validate(prog, others + team)
            assert report.ok, (seat_id, alt.peer_id, [v.message for v in report.violations])
            assert report.score.total - base == option.score + alt.score_difference
            assert all(r[:2] in {"S1", "S2", "S3", "S4", "S5", "S6", "S7"} for r in alt.reasons)
