"""Shared helpers for the end-to-end batch tests (run_batch on tiny programmes).

Expenses from the tiny geography to the default client U1 (S3 points, 3 onsite days):
U1 378 (own council), U2 386 (neighbour), C1 413, D2 416, D1 417, L1 496, U3 577. So a
peer at C1 is the cheapest one H5 allows at U1 and a peer at U3 the dearest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from factories import assign, make_challenge, make_programme, make_seat

from matcher.batch.job import BatchResult, run_batch
from matcher.models import Peer
from matcher.programme import Programme
from matcher.validation import validate
from solver.solve import SolveParams, SolveStatus

PARAMS = SolveParams(time_limit_s=10, workers=1, seed=0)
ISOLATED = {"weights": {"S4": 0}, "allow_partial": False}
"""Settings for rule tests: S4 fair use off (its group-office shares would otherwise pull
the party mix around) and full teams only, so an empty seat is an H1 violation."""


def programme(
    peers: Iterable[Peer],
    *,
    seats=None,
    challenges=None,
    settings: dict[str, Any] | None = None,
    **kwargs,
) -> Programme:
    """Tiny programme with ISOLATED settings; one member seat S1 on CH1 by default."""
    challenges = list(challenges) if challenges is not None else [make_challenge()]
    if seats is None:
        seats = [make_seat(challenge_id=c.challenge_id) for c in challenges]
    return make_programme(
        peers=list(peers),
        challenges=challenges,
        seats=seats,
        settings={**ISOLATED, **(settings or {})},
        **kwargs,
    )


def solve_ok(prog: Programme, params: SolveParams = PARAMS, **kwargs) -> BatchResult:
    """run_batch, asserting an optimal, validated answer whose score is the objective."""
    result = run_batch(prog, params, **kwargs)
    assert result.status is SolveStatus.OPTIMAL
    assert result.report is not None and result.report.ok, result.report.summary()
    assert result.report.score.total == result.summary["objective"]
    return result


def seated(result: BatchResult, challenge_id: str = "CH1") -> dict[str, str]:
    """seat id -> peer id of one challenge's team."""
    return {a.seat_id: a.peer_id for a in result.assignments if a.challenge_id == challenge_id}


def team(result: BatchResult, challenge_id: str = "CH1") -> set[str]:
    return set(seated(result, challenge_id).values())


def starts(result: BatchResult) -> dict[str, date]:
    """challenge id -> the start its team was given (one per team)."""
    out: dict[str, set[date]] = {}
    for a in result.assignments:
        out.setdefault(a.challenge_id, set()).add(a.start_date)
    assert all(len(days) == 1 for days in out.values())
    return {c: days.pop() for c, days in out.items()}


def rules_broken(prog: Programme, rows: Iterable[tuple[str, str, str] | tuple]) -> dict:
    """The validator's verdict (violations per rule) on hand-written (peer, seat,
    challenge[, start]) rows."""
    return validate(prog, [assign(prog, *row) for row in rows]).by_rule()
