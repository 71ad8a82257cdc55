"""S7 stability: when re-planning, keep already proposed seats, and their team's start.

Two charges, both S7 points: the catalogue weight per proposed placement whose peer is
not kept in its seat, and `START_MOVED_WEIGHT` (the programme setting
`start_moved_weight`) per proposed seat with a start that the plan fills at another
start. Confirmed teams never move (their window is pinned to the start, a hard fact);
proposed ones may, but a re-plan after a small change should not move many of them: a
council and the peers have pencilled the dates in (issue 12 follow-up).
"""

from matcher.rules.base import RuleId, soft

START_MOVED_WEIGHT = 100
"""Points per proposed seat whose team starts on another day than proposed: a third of
losing the seat's peer (300), so a better team still wins over a kept date when it
must, but a date is not moved for a small gain elsewhere."""

ENTRY = soft(
    RuleId.S7,
    "stability",
    "When re-planning, keep already proposed seats.",
    300,
    "proposed placement not kept",
)
