"""Unfilled seats: which rule kept each possible peer out, counted per rule (FORMAT.md).

For a seat left empty, the peers of the right kind holding a required tag (and lead flag
where needed) are the seat's population (H1). Each of them is counted under the first
rule, in catalogue order, that excludes them *whatever the rest of the plan is* (their
own unavailability, days used before this plan, H5, H6, H7's party rule, and any
registered rule: matcher.rules.static_rules). Only the peers left are looked at against
the rest of the plan, again in catalogue order, and counted in the rule's own words:
"busy on another challenge that week" (H3), "days taken by other seats of this plan"
(H4), "the team's other member peers are all of their party" (H7), "shares a home council
with a team member" (H8). Peers excluded by none are counted as `free`: they were
eligible but the plan did not use them (for example because pruning left them out).
The `blocking` column sums both kinds per rule code.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from matcher.eligibility import Eligibility
from matcher.models import Challenge, Seat, UnfilledSeat
from matcher.plan_usage import PlanUsage
from matcher.rules import RULES, hard_rules, plan_rules, static_rules

FREE = "free"


def _static_masks(elig: Eligibility, challenge: Challenge, seat: Seat, start) -> list:
    """(code, peer mask) of each rule that excludes whatever the plan is, in order."""
    masks = {
        **elig.seat_exclusions(challenge, seat),
        **elig.start_exclusions(challenge, start, seat.shadow),
    }
    return [
        (rule.code, masks[rule.code])
        for rule in static_rules()
        if not (seat.shadow and rule.shadow_exempt)
    ]


def attribution(
    elig: Eligibility,
    plan: PlanUsage,
    challenge: Challenge,
    seat: Seat,
    start,
    *,
    free_only: bool = False,
) -> tuple[int, dict[int, str], dict[int, str]]:
    """(population size, {peer index: static rule}, {peer index: plan rule or `free`}).

    The static rules are applied vectorised, in catalogue order; only the peers they leave
    are checked against the plan. With `free_only`, the plan check stops at the free peers
    (the repair's fast path: no attribution of the rest is needed)."""
    population = elig.h1_base(seat)
    left = population.copy()
    static: dict[int, str] = {}
    for code, mask in _static_masks(elig, challenge, seat, start):
        hit = left & mask
        if not free_only:
            static.update(dict.fromkeys(np.flatnonzero(hit).tolist(), code))
        left &= ~hit
    checks = [r for r in plan_rules() if r.plan_check]
    planned: dict[int, str] = {}
    for q in np.flatnonzero(left).tolist():
        peer = elig.programme.peers[q]
        code = next(
            (r.code for r in checks if r.plan_check(plan, challenge, seat, start, peer)), FREE
        )
        if code == FREE or not free_only:
            planned[q] = code
    return int(population.sum()), static, planned


def blocking_rules(
    elig: Eligibility, plan: PlanUsage, challenge: Challenge, seat: Seat, start, *, free_only=False
) -> dict[int, str]:
    """For each peer of the seat's population (by index): the rule that keeps them out
    (static rules first, then the plan), or `free` when none does; with `free_only`, only
    the free peers."""
    _, static, planned = attribution(elig, plan, challenge, seat, start, free_only=free_only)
    return {**static, **planned}


def blocking_counts(
    elig: Eligibility, plan: PlanUsage, challenge: Challenge, seat: Seat, start
) -> tuple[int, Counter, Counter]:
    """(population size, peers excluded per rule whatever the plan, peers excluded per
    rule by the rest of the plan) for `seat` at `start`; `free` in the second."""
    size, static, planned = attribution(elig, plan, challenge, seat, start)
    return size, Counter(static.values()), Counter(planned.values())


def unfilled_seat(
    elig: Eligibility, plan: PlanUsage, challenge: Challenge, seat: Seat, start
) -> UnfilledSeat:
    """The `unfilled` row for one empty seat: blocking counts and a readable sentence."""
    size, static, planned = blocking_counts(elig, plan, challenge, seat, start)
    total = static + planned
    codes = [r.code for r in hard_rules()] + [FREE]
    blocking = ";".join(f"{code}:{total[code]}" for code in codes if total[code])
    return UnfilledSeat(
        challenge_id=challenge.challenge_id,
        seat_id=seat.seat_id,
        blocking=blocking or "H1:0",
        message=_message(challenge, seat, start, size, static, planned),
    )


def _message(challenge, seat: Seat, start, size: int, static: Counter, planned: Counter) -> str:
    who = describe_seat(seat)
    if size == 0:
        return (
            f"H1: no {who} exists in the pool for {challenge.challenge_id} "
            f"(week of {start:%d %b %Y})."
        )
    codes = [r.code for r in hard_rules()]
    parts = [f"{static[c]} {RULES[c].name} ({c})" for c in codes if static[c]]
    words = {r.code: r.plan_words for r in plan_rules()}
    parts += [f"{planned[c]} {words[c]} ({c})" for c in codes if planned[c]]
    free = f", {planned[FREE]} eligible but not used" if planned[FREE] else ""
    return (
        f"No eligible {who} is available for {challenge.challenge_id} in the week of "
        f"{start:%d %b %Y}: of {size} in the pool, {', '.join(parts) or 'none excluded'}{free}."
    )


def describe_seat(seat: Seat) -> str:
    """The seat in words: party rule, lead, kind and required tags."""
    words = []
    if seat.party_rule:
        words.append(str(seat.party_rule).replace("_", " ") + " ")
    if seat.lead_required:
        words.append("lead ")
    words.append(f"{seat.kind.value} peer")
    if seat.required_tags:
        words.append(" holding " + " or ".join(sorted(seat.required_tags)))
    return "".join(words)
