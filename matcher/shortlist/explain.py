"""Explanations from the rule catalogue: why a peer qualified, what they earn, and why an
alternate ranks lower, in sentences that cite rule codes and as structured data.

Every phrase starts with a catalogued code (matcher.rules) so a manager can look the
policy up, and the numbers are the points of matcher.scoring (S3 in pounds).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.encoding.decode import qualifying_reasons
from matcher.models import Peer, Seat
from matcher.rules import RULES, RuleId
from matcher.scoring import pair_expense
from matcher.shortlist.teams import TeamState, seat_rule_points, team_terms

DIVERSITY_WORDS = {
    "min_women": "women",
    "min_ethnic_minority": "peers from an ethnic minority background",
    "min_disability": "peers with lived experience of disability",
}


@dataclass
class PeerExplanation:
    """Why one peer holds one seat of an option, and what they earn (structured + text)."""

    seat_id: str
    peer_id: str
    qualified: str
    points: dict[str, int]
    expense_gbp: float
    days_left: int
    """Days left under the cap in the start's financial year after this seat (H4)."""
    sentences: list[str] = field(default_factory=list)


def explain_peer(state: TeamState, s: int) -> PeerExplanation:
    view, q = state.view, state.seats[s]
    prog, ch, seat = view.index.programme, view.challenge, view.seats[s]
    peer = prog.peers[q]
    points = seat_rule_points(view, s, q, state.option)
    charged = 0 if seat.shadow else ch.charged_days
    days_left = int(view.index.peers.cap[q] - view.plan_days[state.option, q] - charged)
    expense = round(pair_expense(prog, peer, ch), 2)
    sentences = [
        f"H1: {peer.kind.value} peer" + _tags(peer, seat) + ".",
        *fit_phrases(state, s, q),
        f"S3: expenses estimated at £{expense:,.0f} ({points[RuleId.S3]} points).",
        f"H4/S4: {days_left} of {int(view.index.peers.cap[q])} days left this year "
        f"after this seat ({points[RuleId.S4]} fair-use points).",
    ]
    sentences += diversity_phrases(state, q) if not seat.shadow else []
    sentences += [
        p
        for p in (_bonus(RuleId.S5, points), _bonus(RuleId.S6, points), _bonus(RuleId.S7, points))
        if p
    ]
    return PeerExplanation(
        seat.seat_id,
        peer.peer_id,
        qualifying_reasons(prog, seat, peer, ch),
        {k: v for k, v in points.items() if v},
        expense,
        days_left,
        sentences,
    )


def _tags(peer: Peer, seat: Seat) -> str:
    held = sorted(peer.tags & seat.required_tags)
    lead = ", lead peer" if seat.lead_required else ""
    return (f" holding {'/'.join(held)}" if held else "") + lead


def fit_phrases(state: TeamState, s: int, q: int) -> list[str]:
    """S1 in words: preferred tags held or lacking, council type known or not."""
    view = state.view
    seat, peer = view.seats[s], view.index.programme.peers[q]
    if seat.shadow:
        return []
    client_type = view.index.programme.councils[view.challenge.council].type
    out = []
    if seat.preferred_tags:
        held = sorted(peer.tags & seat.preferred_tags)
        out.append(
            f"S1: holds preferred tag {'/'.join(held)}."
            if held
            else f"S1: lacks preferred tag {'/'.join(sorted(seat.preferred_tags))}."
        )
    known = client_type in peer.council_types
    out.append(
        f"S1: {'knows' if known else 'no experience of'} "
        f"{client_type.value.replace('_', ' ')} councils."
    )
    return out


def diversity_phrases(state: TeamState, q: int) -> list[str]:
    from matcher.shortlist.problem import attribute_columns

    ch = state.view.challenge
    return [
        f"S2: counts toward the minimum of {getattr(ch, a)} {DIVERSITY_WORDS[a]}."
        for a, col in attribute_columns(state.view).items()
        if getattr(ch, a) > 0 and col[q]
    ]


def _bonus(code: str, points: dict[str, int]) -> str | None:
    words = {
        RuleId.S5: "member of the original team",
        RuleId.S6: "requested by the council",
        RuleId.S7: "keeps the proposed placement",
    }
    if points.get(code, 0) < 0:
        return f"{code}: {words[code]} ({points[code]} points; {RULES[code].name})."
    return None


def difference_reasons(state: TeamState, s: int, alt: int) -> list[str]:
    """Why `alt` in seat `s` scores differently from the chosen peer, rule by rule."""
    view, chosen = state.view, state.seats[s]
    a = seat_rule_points(view, s, alt, state.option)
    c = seat_rule_points(view, s, chosen, state.option)
    alt_team = state.with_seat(s, alt)
    ta, tc = team_terms(state, alt_team.seats), team_terms(state, state.seats)
    out = []
    if a[RuleId.S1] != c[RuleId.S1]:
        phrases = [p for p in fit_phrases(state, s, alt) if p not in fit_phrases(state, s, chosen)]
        out += [p.rstrip(".") for p in phrases] or [
            f"S1: {a[RuleId.S1] - c[RuleId.S1]:+d} fit points"
        ]
    if a[RuleId.S3] != c[RuleId.S3]:
        pounds = (a[RuleId.S3] - c[RuleId.S3]) / max(
            1, view.index.programme.settings.weight(RuleId.S3)
        )
        out.append(f"S3: £{abs(pounds):,.0f} {'more' if pounds > 0 else 'less'} travel")
    if a[RuleId.S4] != c[RuleId.S4]:
        used = int(view.plan_days[state.option, alt])
        out.append(
            f"S4: {a[RuleId.S4] - c[RuleId.S4]:+d} fair use ({used} of "
            f"{int(view.index.peers.cap[alt])} days used)"
        )
    if ta[RuleId.S4] != tc[RuleId.S4]:
        out.append(f"S4: {ta[RuleId.S4] - tc[RuleId.S4]:+d} group-office share")
    if ta[RuleId.S2] != tc[RuleId.S2]:
        out.append(
            f"S2: {ta[RuleId.S2] - tc[RuleId.S2]:+d} diversity (the team "
            f"{'falls further short of' if ta[RuleId.S2] > tc[RuleId.S2] else 'gets closer to'}"
            " a minimum)"
        )
    for code, worse, better in (
        (RuleId.S5, "not on the original team", "on the original team"),
        (RuleId.S6, "not requested", "requested by the council"),
        (RuleId.S7, "drops a proposed placement", "keeps a proposed placement"),
    ):
        if a[code] != c[code]:
            out.append(f"{code}: {worse if a[code] > c[code] else better}")
    return out
