"""S8 fresh eyes: avoid sending a peer to a council they served within the last 3 years
(continuity for a progress review, S5, takes precedence).

Reading (one for the encoder, the shortlist and the validator's recount): a non-shadow
seat on a challenge at council X held by a peer whose history (the `history` table of
earlier years' placements) holds a placement at X starting within 3 years before the
challenge's earliest start costs one unit. The earliest start, not the chosen one, so the
unit is a property of the (peer, challenge) pair: a window spans weeks, the rule years.
On a progress review, a history placement on the challenge it follows is continuity and
never counts; nor does a recorded placement on that original challenge.
"""

from __future__ import annotations

from collections import defaultdict

from matcher.rules.base import RuleId, soft
from matcher.rules.h6_eligibility import years_before

FRESH_EYES_YEARS = 3

ENTRY = soft(
    RuleId.S8,
    "fresh eyes",
    f"Avoid sending a peer to a council they served within the last {FRESH_EYES_YEARS} "
    "years (continuity for a progress review, S5, takes precedence).",
    100,
    "seat held by a peer who served the client council within 3 years",
)


def repeat_visits(programme) -> set[tuple[str, str]]:
    """(peer_id, challenge_id) pairs that would be a repeat visit (module docstring)."""
    by_council: dict[str, list] = defaultdict(list)
    for challenge in programme.challenges:
        by_council[challenge.council].append(challenge)
    original = {(pl.peer_id, pl.challenge_id) for pl in programme.placements}
    out = set()
    for past in programme.history:
        if past.peer_id is None:  # a past challenge whose team is unknown
            continue
        for challenge in by_council.get(past.council, ()):
            since = years_before(challenge.earliest_start, FRESH_EYES_YEARS)
            if not since <= past.start_date < challenge.earliest_start:
                continue
            follows = challenge.follows
            if follows and (past.challenge_id == follows or (past.peer_id, follows) in original):
                continue
            out.add((past.peer_id, challenge.challenge_id))
    return out
