"""Reading a TeamAnswer back in domain terms: assignments, points by rule, team context.

`TeamState` is one team at one start: who sits where, and the team-level quantities
(diversity counts, group-office seats, member parties) that alternates and explanations
compare against. `breakdown` splits what the team adds to the plan's score by rule code;
its total equals Built.delta of the model cost (asserted), so explanations, the model
and matcher.scoring agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from matcher.models import Assignment
from matcher.programme import onsite_end
from matcher.rules import RuleId
from matcher.scoring import SHARE_UNITS_PER_SEAT, pair_points
from matcher.shortlist.candidates import ChallengeView
from matcher.shortlist.problem import Built, attribute_columns, seated
from solver.team import TeamAnswer


@dataclass
class TeamState:
    """A team of one challenge at start option `option`: seat index -> peer index."""

    view: ChallengeView
    option: int
    seats: dict[int, int]

    @classmethod
    def of(cls, built: Built, answer: TeamAnswer) -> TeamState:
        return cls(built.view, answer.option, seated(built.problem, answer))

    def with_seat(self, s: int, peer: int) -> TeamState:
        return TeamState(self.view, self.option, {**self.seats, s: peer})

    @property
    def start(self):
        return self.view.options[self.option]

    def rest(self, s: int) -> dict[int, int]:
        return {k: v for k, v in self.seats.items() if k != s}

    def attribute_counts(self, seats: dict[int, int]) -> dict[str, int]:
        """S2: declared women / ethnic minority / disability among non-shadow seats."""
        real = [q for s, q in seats.items() if not self.view.seats[s].shadow]
        return {a: int(col[real].sum()) for a, col in attribute_columns(self.view).items()}

    def office_counts(self, seats: dict[int, int]) -> Counter:
        """S4: non-shadow member seats per group office."""
        office = self.view.index.office_code
        return Counter(office[q] for s, q in seats.items() if self.view.is_member_seat(s))

    def assignments(self) -> list[Assignment]:
        prog, ch = self.view.index.programme, self.view.challenge
        from matcher.encoding.decode import qualifying_reasons

        out = []
        for s, q in sorted(self.seats.items()):
            seat, peer = self.view.seats[s], prog.peers[q]
            out.append(
                Assignment(
                    challenge_id=ch.challenge_id,
                    seat_id=seat.seat_id,
                    peer_id=peer.peer_id,
                    start_date=self.start,
                    end_date=onsite_end(ch, self.start),
                    reasons=qualifying_reasons(prog, seat, peer, ch),
                    points=pair_points(prog, peer, seat, ch),
                )
            )
        return out


def seat_rule_points(view: ChallengeView, s: int, q: int, option: int) -> dict[str, int]:
    """Points by rule of peer `q` in seat `s` at start `option` (pair part)."""
    out = {}
    for rule, values in view.seat_points(s).items():
        out[rule] = int(values[option, q] if values.ndim == 2 else values[q])
    return out


def team_terms(state: TeamState, seats: dict[int, int]) -> dict[str, int]:
    """Team-level points: S2 minimums (soft ones) and S4 group-office shares, relative
    to the plan without this team (the same reference as Built.offset)."""
    view = state.view
    prog, ch = view.index.programme, view.challenge
    s2 = 0
    if not ch.diversity_required:
        have = state.attribute_counts(seats)
        s2 = sum(
            prog.settings.weight(RuleId.S2) * (max(0, getattr(ch, a) - have[a]) - getattr(ch, a))
            for a in have
        )
    unit = prog.settings.weight(RuleId.S4) * SHARE_UNITS_PER_SEAT
    now = view.office_seats
    added = state.office_counts(seats)
    s4 = sum(
        unit * (abs(now.get(g, 0) + added.get(g, 0) - t) - abs(now.get(g, 0) - t))
        for g, t in view.index.targets.items()
    )
    return {RuleId.S2: s2, RuleId.S4: s4}


def breakdown(state: TeamState) -> dict[str, int]:
    """What the team adds to the plan's score, by rule (plus 'unfilled')."""
    total: Counter = Counter()
    for s, q in state.seats.items():
        total.update(seat_rule_points(state.view, s, q, state.option))
    total.update(team_terms(state, state.seats))
    return {k: int(v) for k, v in total.items() if v}


def score_of(state: TeamState) -> int:
    return sum(breakdown(state).values())


def member_parties(state: TeamState, seats: dict[int, int]) -> list[int]:
    party = state.view.index.peers.party
    return [int(party[q]) for s, q in seats.items() if state.view.is_member_seat(s)]


def as_array(values) -> np.ndarray:
    return np.asarray(list(values), dtype=np.int64)
