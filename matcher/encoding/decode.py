"""Read a core solution back as assignments, with the reasons that qualified each peer."""

from __future__ import annotations

import numpy as np

from matcher.encoding.types import Encoding
from matcher.models import Assignment, Challenge, Peer, PeerKind, Seat
from matcher.programme import Programme, onsite_end
from matcher.rules import RuleId, hard_rules
from matcher.scoring import pair_points


def assignments_from_items(enc: Encoding, items: np.ndarray) -> list[Assignment]:
    """One Assignment per chosen item, sorted by challenge and seat."""
    p, prog = enc.problem, enc.programme
    out = []
    for item in items.tolist():
        pair = int(p.item_pair[item])
        seat = enc.seats[int(p.pair_seat[pair])]
        challenge = enc.teams[int(p.seat_team[p.pair_seat[pair]])]
        peer = prog.peers[int(p.pair_peer[pair])]
        start = enc.option_dates[int(p.item_option[item])]
        out.append(assignment_row(prog, seat, peer, challenge, start))
    out.sort(key=lambda a: (a.challenge_id, a.seat_id))
    return out


def assignment_row(
    programme: Programme, seat: Seat, peer: Peer, challenge: Challenge, start
) -> Assignment:
    """`peer` in `seat` with the team starting on `start`, with its reasons and points."""
    return Assignment(
        challenge_id=seat.challenge_id,
        seat_id=seat.seat_id,
        peer_id=peer.peer_id,
        start_date=start,
        end_date=onsite_end(challenge, start),
        reasons=qualifying_reasons(programme, seat, peer, challenge),
        points=pair_points(programme, peer, seat, challenge),
    )


def cleared_codes() -> str:
    """The hard rules a seated peer passed beyond H1 and H7 (named on their own) and H2
    (implied by H8), from the registry, with runs of codes shortened: "H3-H6,H8"."""
    skip = {RuleId.H1, RuleId.H2, RuleId.H7}
    codes = [r.code for r in hard_rules() if r.code not in skip]
    runs: list[list[str]] = []
    for code in codes:
        if runs and code[0] == runs[-1][-1][0] and int(code[1:]) == int(runs[-1][-1][1:]) + 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    return ",".join(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def qualifying_reasons(programme: Programme, seat: Seat, peer: Peer, challenge: Challenge) -> str:
    """Rule codes and tags that qualified `peer` for `seat` (the `reasons` column)."""
    parts = [f"H1:{peer.kind.value}"]
    held = sorted(peer.tags & seat.required_tags)
    if held:
        parts.append("tags " + "/".join(held))
    if seat.lead_required:
        parts.append("lead peer")
    if seat.party_rule and peer.kind is PeerKind.MEMBER and peer.party:
        leader = programme.leader_party(challenge)
        parts.append(
            f"H7:{peer.party.value} ({seat.party_rule}; leader "
            f"{leader.value if leader else 'unknown'})"
        )
    parts.append(f"{cleared_codes()} clear")
    preferred = sorted(peer.tags & seat.preferred_tags)
    if preferred:
        parts.append("S1 preferred " + "/".join(preferred))
    if peer.peer_id in challenge.requests:
        parts.append("S6 requested")
    return ";".join(parts)
