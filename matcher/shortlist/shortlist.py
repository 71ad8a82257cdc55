"""The shortlist job: k genuinely different teams for one challenge against the rest of
the year, each with explanations and ranked alternates per seat.

Steps: masks and points of the challenge's seats (ChallengeView), a pruned one-team
MatchingProblem (matcher.shortlist.problem), k best teams with "differ in >= d seats"
cuts on the one core's model (solver.team.k_best), then per team its
assignments, points by rule, explanations and alternates. Each team is re-checked by the
independent validator together with its peers' other plan rows before it is returned
(matcher.shortlist.verify); when no team exists, the infeasibility path explains why
and proposes the smallest relaxation (matcher.shortlist.diagnose, relax).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from matcher.encoding.pruning import SHORTLIST_WIDER_TOP_N as WIDER_TOP_N
from matcher.models import Assignment
from matcher.shortlist.alternates import Alternate, alternates
from matcher.shortlist.candidates import ChallengeView
from matcher.shortlist.explain import PeerExplanation, explain_peer
from matcher.shortlist.index import ShortlistIndex
from matcher.shortlist.problem import Built, best_teams, build
from matcher.shortlist.teams import TeamState, breakdown
from solver.team import TeamAnswer

if TYPE_CHECKING:
    from matcher.shortlist.diagnose import Diagnosis


"""Peers per seat when the pruned model gave fewer than k distinct teams."""


class InternalError(RuntimeError):
    """A team failed the independent validator or its score disagreed: a bug."""


@dataclass
class TeamOption:
    """One proposed team: its start, rows, what it adds to the score, and why."""

    option: int
    start: date
    assignments: list[Assignment]
    score: int
    """Points the team adds to the plan's objective (matcher.scoring; lower is better)."""
    points: dict[str, int]
    explanations: list[PeerExplanation]
    alternates: dict[str, list[Alternate]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-ready form (for the API and files)."""
        return {
            "option": self.option,
            "start": self.start.isoformat(),
            "score": self.score,
            "points": self.points,
            "assignments": [a.model_dump(mode="json") for a in self.assignments],
            "explanations": [asdict(e) for e in self.explanations],
            "alternates": {s: [asdict(a) for a in alts] for s, alts in self.alternates.items()},
        }


@dataclass
class ShortlistResult:
    challenge_id: str
    options: list[TeamOption]
    infeasibility: Diagnosis | None = None
    """Why no team exists (pre-checks, core, smallest relaxation), when none does."""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.options)

    def to_dict(self) -> dict:
        return {
            "challenge_id": self.challenge_id,
            "ok": self.ok,
            "options": [o.to_dict() for o in self.options],
            "infeasibility": self.infeasibility.to_dict() if self.infeasibility else None,
            "timings": self.timings,
        }


def team_option(built: Built, answer: TeamAnswer, rank: int, m: int) -> TeamOption:
    """Decode one answer; its breakdown must equal the model's cost (else a bug)."""
    state = TeamState.of(built, answer)
    points = breakdown(state)
    score = built.delta(answer.cost)
    if sum(points.values()) != score:
        raise InternalError(f"team score {score} but rule points {points}")
    seats = sorted(state.seats)
    pinned = {seat for seat, _ in built.forced}  # confirmed: never offered for a swap
    return TeamOption(
        option=rank,
        start=state.start,
        assignments=state.assignments(),
        score=score,
        points=points,
        explanations=[explain_peer(state, s) for s in seats],
        alternates={
            built.view.seats[s].seat_id: alternates(state, s, m if s not in pinned else 0)
            for s in seats
        },
    )


def shortlist(
    index: ShortlistIndex,
    challenge_id: str,
    k: int = 3,
    d: int = 2,
    m: int = 5,
    *,
    verify: bool = True,
    diagnose: bool = True,
    exclude_peers=frozenset(),
) -> ShortlistResult:
    """Up to `k` teams for `challenge_id`, best first, pairwise differing in >= `d` seats,
    each with up to `m` alternates per seat; a diagnosis when there is none."""
    t0 = time.perf_counter()
    view = ChallengeView.of(index, challenge_id, exclude_peers=exclude_peers)
    built = build(view)
    answers = best_teams(built, k, d) if not built.pin_problems else []
    if len(answers) < k and not built.pin_problems:
        # Pruning to the cheapest peers per seat can, rarely, leave only clashing homes or
        # one party, or too few peers for k distinct teams: before answering with fewer,
        # try every allowed peer.
        # "Infeasible" must be exact (every peer); "fewer than k" only needs a wider net.
        full = build(view, top_n=None if not answers else WIDER_TOP_N)
        more = best_teams(full, k, d)
        if len(more) > len(answers):
            built, answers = full, more
    t1 = time.perf_counter()
    options = [team_option(built, a, i + 1, m) for i, a in enumerate(answers)]
    if verify:
        from matcher.shortlist.verify import check_team

        for option in options:
            check_team(index, challenge_id, option.assignments)
    t2 = time.perf_counter()
    result = ShortlistResult(
        challenge_id, options, timings={"solve_s": t1 - t0, "explain_s": t2 - t1}
    )
    if not options and diagnose:
        from matcher.shortlist.diagnose import diagnose_challenge

        result.infeasibility = diagnose_challenge(index, challenge_id, exclude_peers)
        result.timings["diagnose_s"] = time.perf_counter() - t2
    return result
