"""S5 continuity: a progress review prefers members of the original team.

The original challenge is either in the same programme (its team is the solution's seats
plus its recorded placements) or of an earlier year (issue 13 "History across years"):
then it is not in `challenges` but named by the `history` table's `challenge_id`, and its
team is fixed: the peers of those history rows. `past_team` is the one reading of the
latter for the encoder, the shortlist and the scoring the validator recounts with.
"""

from __future__ import annotations

from matcher.rules.base import RuleId, soft

ENTRY = soft(
    RuleId.S5,
    "continuity",
    "A progress review prefers members of the original team.",
    200,
    "progress-review seat without a member of the original team",
)


def past_team(programme, challenge_id: str) -> set[str]:
    """S5 across years: the peers the history places on `challenge_id` (an earlier
    year's challenge); empty for a challenge the history does not name."""
    return {
        past.peer_id
        for past in programme.history
        if past.challenge_id == challenge_id and past.peer_id
    }
