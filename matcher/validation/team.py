"""H7 party balance, H8 team mix and required diversity (S2 made hard): the team as a whole."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from matcher.models import Challenge, Party, PartyRule, Peer, PeerKind
from matcher.scoring import DIVERSITY_ATTRIBUTES, counts_toward_minimum
from matcher.validation.context import Context, Placed, flag, peer_label, where
from matcher.validation.report import Violation

_PARTY_CODES = {p.value for p in Party}
_DIVERSITY_WORDS = {
    "min_women": "women",
    "min_ethnic_minority": "peers from an ethnic minority background",
    "min_disability": "peers with lived experience of disability",
}


def party_rule_problem(rule: str, peer: Peer, leader: Party | None) -> str | None:
    """Why `peer` fails the seat's party `rule` under a council led by `leader`, or None.

    leader_party: the peer's party is the leader's; other_party: the peer has a party and
    it is not the leader's; a party code: the peer's party is that one.
    """
    party = peer.party.value if peer.party else "no party"
    leader_code = leader.value if leader else None
    if rule == PartyRule.LEADER_PARTY:
        if leader_code is None:
            return "the council leader's party is unknown"
        return None if peer.party == leader else f"{party} is not the leader's party {leader_code}"
    if rule == PartyRule.OTHER_PARTY:
        if peer.party is None:
            return "the seat needs a party other than the leader's and the peer has none"
        return f"{party} is the leader's party" if peer.party == leader else None
    if rule in _PARTY_CODES:
        return None if peer.party == Party(rule) else f"{party} is not {rule}"
    return f"the party rule {rule!r} is not a known rule"


def check_party_rules(ctx: Context) -> Iterator[Violation]:
    """H7: seats with a party rule get a peer who satisfies it."""
    leaders: dict[str, Party | None] = {}
    for placed in ctx.placed:
        rule = placed.seat.party_rule
        if not rule:
            continue
        challenge = placed.challenge
        if challenge.challenge_id not in leaders:
            leaders[challenge.challenge_id] = ctx.programme.leader_party(challenge)
        problem = party_rule_problem(rule, placed.peer, leaders[challenge.challenge_id])
        if problem:
            yield flag(
                "H7",
                placed,
                "party_rule",
                f"H7: {where(placed)} has party rule "
                f"{rule} and {peer_label(placed.peer)} fails it: {problem}.",
            )


def _team_peers(team: list[Placed], include_shadow: bool = True) -> list[Placed]:
    """One entry per distinct peer (the first seat listed), optionally without shadows."""
    seen: dict[str, Placed] = {}
    for placed in sorted(team, key=lambda p: p.key):
        if include_shadow or not placed.seat.shadow:
            seen.setdefault(placed.row.peer_id, placed)
    return list(seen.values())


def check_party_mix(ctx: Context) -> Iterator[Violation]:
    """H7: two or more member peers on a team are not all of one party.

    Counts the team's non-shadow member peers (DOMAIN.md precise reading).
    """
    for challenge_id, team in ctx.by_challenge.items():
        members = [
            p for p in _team_peers(team, include_shadow=False) if p.peer.kind is PeerKind.MEMBER
        ]
        parties = {p.peer.party for p in members}
        if len(members) >= 2 and len(parties) == 1:
            party = next(iter(parties))
            names = ", ".join(p.row.peer_id for p in members)
            yield Violation(
                "H7",
                challenge_id,
                None,
                None,
                f"H7: all {len(members)} member "
                f"peers on {challenge_id} ({names}) are of one party "
                f"({party.value if party else 'none'}).",
                "one_party",
            )


def check_team_mix(ctx: Context) -> Iterator[Violation]:
    """H8: no two peers on a team share a home council."""
    for team in ctx.by_challenge.values():
        by_home: dict[str, list[Placed]] = defaultdict(list)
        for placed in _team_peers(team):
            by_home[placed.peer.home_council].append(placed)
        for home, peers in by_home.items():
            first = peers[0]
            for placed in peers[1:]:
                yield flag(
                    "H8",
                    placed,
                    "",
                    f"H8: {peer_label(placed.peer)} in "
                    f"{where(placed)} and {peer_label(first.peer)} in seat "
                    f"{first.row.seat_id} share the home council "
                    f"{ctx.council(home).name} ({home}).",
                )


def check_required_diversity(ctx: Context) -> Iterator[Violation]:
    """S2 (hard when required): meet the council's diversity minimums; unknown or 'prefer
    not to say' data never counts toward a minimum.

    Only challenges marked diversity_required, and only teams with someone placed: a team
    left wholly unfilled (partial mode) is reported under H1 instead.
    """
    for challenge in ctx.programme.challenges:
        team = ctx.by_challenge.get(challenge.challenge_id)
        if not challenge.diversity_required or not team:
            continue
        peers = [p.peer for p in _team_peers(team, include_shadow=False)]
        yield from _shortfalls(challenge, peers)


def _shortfalls(challenge: Challenge, peers: list[Peer]) -> Iterator[Violation]:
    for attribute in DIVERSITY_ATTRIBUTES:
        minimum = getattr(challenge, attribute)
        have = sum(counts_toward_minimum(p, attribute) for p in peers)
        if have < minimum:
            yield Violation(
                "S2",
                challenge.challenge_id,
                None,
                None,
                f"S2: "
                f"{challenge.challenge_id} requires at least {minimum} "
                f"{_DIVERSITY_WORDS[attribute]} and the team has {have} who "
                "declared it.",
                attribute,
            )
