"""H7 party balance: seats with a party rule get a peer who satisfies it, and two or more
member peers on a team are not all of one party (the mix is the encoder's mix groups,
since it depends on the rest of the team). Relaxing a seat's party rule needs the client
and the political group offices."""

from __future__ import annotations

import numpy as np

from matcher.models import Party, PartyRule
from matcher.rules.base import HardRule, RuleId, hard

ENTRY = hard(
    RuleId.H7,
    "party balance",
    "Seats with a party rule get a peer who satisfies it, and two or "
    "more member peers on a team are not all of one party.",
)
PLAN_WORDS = "the team's other member peers are all of their party"
RELAX_COST = 6
PARTY_CODES: tuple[Party, ...] = tuple(Party)
"""Party code i of matcher.peer_arrays is PARTY_CODES[i]; -1 is no party."""


def excluded(ctx, challenge, seat) -> np.ndarray:
    """H7: peers whose party breaks the seat's party rule."""
    party = ctx.peers.party
    rule = seat.party_rule
    if not rule:
        return np.zeros(ctx.peers.n, dtype=bool)
    leader = ctx.programme.leader_party(challenge)
    leader_code = PARTY_CODES.index(leader) if leader else -1
    if rule == PartyRule.LEADER_PARTY:
        return party != leader_code
    if rule == PartyRule.OTHER_PARTY:
        return (party == leader_code) | (party < 0)
    return party != PARTY_CODES.index(rule)


def seat_sentence(seat) -> tuple[str, str]:
    """(clause, words) of the waived instance in a diagnosis: the seat's party rule."""
    return "party_rule", f"{RuleId.H7}: seat {seat.seat_id} has party rule {seat.party_rule}."


def all_one_party_in_plan(plan, challenge, seat, start, peer) -> bool:
    """The team's other (non-shadow) member peers are all of this peer's party."""
    from matcher.models import PeerKind

    if seat.shadow or peer.kind is not PeerKind.MEMBER:
        return False
    parties = plan.team_parties[challenge.challenge_id]
    return len(parties) >= 1 and all(p == peer.party for p in parties)


RULE = HardRule(
    ENTRY,
    per_seat=excluded,
    plan_check=all_one_party_in_plan,
    plan_words=PLAN_WORDS,
    waiver="seat",
    relax_waiver="seat",
    relax_cost=RELAX_COST,
    seat_sentence=seat_sentence,
)
