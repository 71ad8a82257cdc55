"""Sentences about one specific case, in the independent validator's own words.

To say why a peer may not sit in a seat at a start, the hypothetical row is put through
matcher.validation together with that peer's other plan rows: the validator already
words every hard rule about the specific case ("H5: ... home council Rushcliffe
borders the client Nottingham"), so explanations and validation can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.models import Assignment
from matcher.programme import onsite_end
from matcher.shortlist.candidates import ChallengeView
from matcher.validation import validate


@dataclass(frozen=True)
class RuleCase:
    """One broken rule instance: catalogue code, clause and a sentence about the case."""

    code: str
    detail: str
    message: str


def hypothetical(view: ChallengeView, s: int, q: int, o: int) -> Assignment:
    ch, start = view.challenge, view.options[o]
    return Assignment(
        challenge_id=ch.challenge_id,
        seat_id=view.seats[s].seat_id,
        peer_id=view.index.programme.peers[q].peer_id,
        start_date=start,
        end_date=onsite_end(ch, start),
    )


def exclusion_cases(view: ChallengeView, s: int, q: int, o: int) -> list[RuleCase]:
    """Every hard rule that keeps peer `q` out of seat `s` at start `o` on its own."""
    peer = view.index.programme.peers[q]
    if peer.peer_id in view.exclude_peers:
        return [
            RuleCase(
                "withdrawn",
                "",
                f"{peer.name} ({peer.peer_id}) has withdrawn from {view.challenge.challenge_id}.",
            )
        ]
    row = hypothetical(view, s, q, o)
    rows = [row, *view.index.plan.holder_rows(q, view.keep)]
    report = validate(view.index.programme, rows)
    return [
        RuleCase(v.rule, v.detail, v.message)
        for v in report.violations
        if v.peer_id == peer.peer_id and v.detail not in ("start", "confirmed")
    ]
