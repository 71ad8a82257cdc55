"""Why not this peer in this seat? The exact excluding rules, or what including them costs.

If the peer is excluded at every allowed start, the answer lists each excluding rule
instance in the validator's words, per start (H1 kind or tags, H3 unavailable or busy in
the plan, H4 days, H5 the specific conflict, H6, H7 party rule). If they are eligible at
some start, the best team containing them is solved for (the seat forced) and compared
with the best team: how much worse it scores and why, rule by rule. If no valid team can
contain them (H2, H7 mix, H8, a confirmed holder), the diagnostic core says which rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matcher.shortlist.candidates import ChallengeView
from matcher.shortlist.explain import difference_reasons
from matcher.shortlist.index import ShortlistIndex
from matcher.shortlist.messages import RuleCase, exclusion_cases
from matcher.shortlist.problem import best_teams, build, pair_of
from matcher.shortlist.shortlist import TeamOption, team_option
from matcher.shortlist.teams import TeamState
from solver.team import TeamSearch


@dataclass
class WhyNot:
    challenge_id: str
    seat_id: str
    peer_id: str
    eligible: bool
    """The peer may take the seat at some start (H1, H3-H7 against the plan)."""
    excluded: dict[str, list[RuleCase]] = field(default_factory=dict)
    """Per start (ISO date) where they may not: every excluding rule instance."""
    best: TeamOption | None = None
    with_peer: TeamOption | None = None
    difference: int | None = None
    reasons: list[str] = field(default_factory=list)

    def sentences(self) -> list[str]:
        starts: dict[str, list[str]] = {}
        for start, cases in self.excluded.items():
            for c in cases:
                starts.setdefault(c.message, []).append(start)
        out = [
            f"{_when(days, len(self.excluded), self.eligible)}: {message}"
            for message, days in starts.items()
        ]
        if self.difference is not None:
            out.append(
                f"The best team with {self.peer_id} in {self.seat_id} scores "
                f"{self.difference:+,d} points against the best team."
            )
        return out + self.reasons


def _when(days: list[str], excluded_starts: int, eligible: bool) -> str:
    """'at every allowed start' when a reason holds at all of them, else the dates."""
    if not eligible and len(days) == excluded_starts:
        return "at every allowed start" if len(days) > 1 else f"on {days[0]}"
    return "on " + ", ".join(days)


def why_not(index: ShortlistIndex, challenge_id: str, seat_id: str, peer_id: str) -> WhyNot:
    """Why `peer_id` is not (or is) in `seat_id` of `challenge_id` (see module docstring)."""
    view = ChallengeView.of(index, challenge_id)
    s = next((i for i, seat in enumerate(view.seats) if seat.seat_id == seat_id), None)
    if s is None or peer_id not in index.peer_index:
        raise ValueError(f"no seat {seat_id!r} on {challenge_id} or no peer {peer_id!r}")
    q = index.peer_idx(peer_id)
    allowed = view.allowed(s)[:, q]
    out = WhyNot(challenge_id, seat_id, peer_id, bool(allowed.any()))
    for o in np.flatnonzero(~allowed).tolist():
        out.excluded[view.options[o].isoformat()] = exclusion_cases(view, s, q, o)
    if out.eligible:
        _compare(view, s, q, out)
    return out


def _compare(view: ChallengeView, s: int, q: int, out: WhyNot) -> None:
    """Best team vs best team containing the peer; or the rules that forbid any."""
    built = build(view)
    best = best_teams(built, 1, 1)
    out.best = team_option(built, best[0], 1, 0) if best else None
    must = np.zeros(view.n, dtype=bool)
    must[q] = True
    forced_built = build(view, must={s: must})
    mine = best_teams(forced_built, 1, 1, [(s, q)])
    if not mine:
        out.reasons = _team_rules(view, forced_built, s, q)
        return
    out.with_peer = team_option(forced_built, mine[0], 1, 0)
    if out.best is None:
        return
    out.difference = out.with_peer.score - out.best.score
    if out.difference == 0:
        out.reasons = ["They are in a best team (no worse than the best)."]
        return
    best_state = TeamState.of(built, best[0])
    out.reasons = _rule_differences(out.best.points, out.with_peer.points)
    if s in best_state.seats and TeamState.of(forced_built, mine[0]).rest(s) == best_state.rest(s):
        out.reasons = difference_reasons(best_state, s, q)


def _rule_differences(best: dict[str, int], mine: dict[str, int]) -> list[str]:
    out = []
    for code in sorted(set(best) | set(mine)):
        diff = mine.get(code, 0) - best.get(code, 0)
        if diff:
            out.append(f"{code}: {diff:+,d} points")
    return out


def _team_rules(view: ChallengeView, built, s: int, q: int) -> list[str]:
    """No team contains the peer: confirmed holder, or the team rules in a core."""
    for seat, peer in built.forced:
        if seat == s and peer != q:
            holder = view.index.programme.peers[peer]
            return [
                f"H1: seat {view.seats[s].seat_id} is confirmed for {holder.name} "
                f"({holder.peer_id}); confirmed placements are kept."
            ]
    from matcher.shortlist.diagnose import core_cases
    from matcher.shortlist.waivers import waiver_problem

    wp = waiver_problem(view, relax=False)
    search = TeamSearch(wp.problem, mode="diagnose")
    for seat, peer in [*wp.forced, (s, q)]:
        search.force(pair_of(wp.problem, wp.view.n, seat, peer))
    core = core_cases(view, wp.keys, search.diagnose() or [])
    lead = "No valid team contains them: with them in the seat, the other seats cannot be "
    if core:
        return [lead + "filled because of:", *(c.message for c in core)]
    return [
        lead + "filled under H2 and H8 (one seat each, no two teammates from one home "
        "council) with the peers available."
    ]
