"""Changes to demand: challenges added or removed, windows moved, blackout periods.

Blackouts (e.g. a pre-election period) are applied as a *window trim, then a veto*: a
challenge at an affected council keeps only the start options whose busy period (H3:
the evening before included) misses the blackout, as the longest run of consecutive
Mondays; a challenge with no such start gets every peer of the blackout's kind in its
vetoes, so those seats go unfilled and are reported as blocked by H5 (veto). This says
exactly "no such peer is placed there in the period" with no change to the encoder.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from matcher.generate import distributions as d
from matcher.models import Challenge, ChallengeType, PeerKind
from matcher.programme import Programme, busy_period, start_options
from matcher.whatif.changes_peers import home_councils
from matcher.whatif.context import ChangeContext, check_councils, check_region
from matcher.whatif.scenario_models import (
    AddDemand,
    Blackout,
    DemandFilter,
    MoveWindows,
    RemoveDemand,
)

WEEK = timedelta(days=7)


def month_mondays(month: str) -> tuple[date, date]:
    """First and last Monday of a 'YYYY-MM' month: a whole-month start window."""
    year, mon = (int(x) for x in month.split("-"))
    first = date(year, mon, 1)
    first += timedelta(days=(0 - first.weekday()) % 7)
    last = first
    while (last + WEEK).month == mon:
        last += WEEK
    return first, last


def selected(programme: Programme, f: DemandFilter) -> list[bool]:
    """Per challenge (programme order): does it match every filter given?"""
    check_region(programme, f.region)
    check_councils(programme, f.councils)
    ids, months, councils = set(f.ids), set(f.months), set(f.councils)
    return [
        (f.challenge is None or c.type is f.challenge)
        and (f.region is None or programme.councils[c.council].region == f.region)
        and (not councils or c.council in councils)
        and (not months or f"{c.earliest_start:%Y-%m}" in months)
        and (not ids or c.challenge_id in ids)
        for c in programme.challenges
    ]


def default_days(kind: ChallengeType) -> tuple[int, int]:
    """(onsite, charged) as the generator's shortest engagement of this type."""
    onsite = d.ONSITE_DAYS[kind.value][0]
    charged = d.CPC_CHARGED[0] if kind is ChallengeType.CPC else onsite + d.PREP_DAYS[kind.value][0]
    return onsite, charged


def apply_add_demand(
    programme: Programme, change: AddDemand, ctx: ChangeContext
) -> tuple[Programme, str]:
    """`count` challenges (default seat templates), councils and months taken in turn."""
    councils = home_councils(programme, change.councils, change.region, ctx)
    onsite, charged = default_days(change.challenge)
    added = []
    for i in range(change.count):
        first, last = month_mondays(change.months[i % len(change.months)])
        added.append(
            Challenge(
                challenge_id=f"{ctx.id_prefix}-{i + 1:03d}",
                council=councils[i % len(councils)],
                type=change.challenge,
                onsite_days=change.onsite_days or onsite,
                charged_days=change.charged_days if change.charged_days is not None else charged,
                earliest_start=first,
                latest_start=last,
            )
        )
    where = change.region or (", ".join(change.councils) if change.councils else "England")
    note = f"added {change.count} {change.challenge.value} in {where} ({', '.join(change.months)})"
    return replace(programme, challenges=programme.challenges + tuple(added)), note


def apply_remove_demand(
    programme: Programme, change: RemoveDemand, ctx: ChangeContext
) -> tuple[Programme, str]:
    """Drop matching challenges with their seats and placements (S5 links are cleared)."""
    hits = np.flatnonzero(selected(programme, change))
    if change.fraction < 1:
        hits = np.sort(ctx.rng().permutation(hits)[: int(round(change.fraction * len(hits)))])
    gone = {programme.challenges[i].challenge_id for i in hits.tolist()}
    kept = tuple(
        c.model_copy(update={"follows": None}) if c.follows in gone else c
        for c in programme.challenges
        if c.challenge_id not in gone
    )
    prog = replace(
        programme,
        challenges=kept,
        seats=tuple(s for s in programme.seats if s.challenge_id not in gone),
        placements=tuple(p for p in programme.placements if p.challenge_id not in gone),
    )
    return prog, f"removed {len(gone)} challenges"


def apply_move_windows(
    programme: Programme, change: MoveWindows, ctx: ChangeContext
) -> tuple[Programme, str]:
    """Shift matching windows by whole weeks and/or widen them (later latest start)."""
    hits = selected(programme, change)
    shift, widen = WEEK * change.shift_weeks, WEEK * change.widen_weeks
    challenges = tuple(
        c.model_copy(
            update={
                "earliest_start": c.earliest_start + shift,
                "latest_start": c.latest_start + shift + widen,
            }
        )
        if hit
        else c
        for c, hit in zip(programme.challenges, hits, strict=True)
    )
    note = f"moved {sum(hits)} windows by {change.shift_weeks} weeks" + (
        f", widened by {change.widen_weeks}" if change.widen_weeks else ""
    )
    return replace(programme, challenges=challenges), note


def _affected(programme: Programme, change: Blackout) -> set[str]:
    check_region(programme, change.region)
    check_councils(programme, change.councils)
    types = set(change.council_types)
    return {
        code
        for code, council in programme.councils.by_code.items()
        if code in change.councils or council.region == change.region or council.type in types
    }


def clear_starts(challenge: Challenge, first: date, last: date) -> list[date]:
    """The longest run of consecutive start options whose busy period misses the period."""
    runs: list[list[date]] = [[]]
    for start in start_options(challenge):
        begin, end = busy_period(challenge, start)
        if end < first or begin > last:
            runs[-1].append(start)
        elif runs[-1]:
            runs.append([])
    return max(runs, key=len)


def apply_blackout(
    programme: Programme, change: Blackout, ctx: ChangeContext
) -> tuple[Programme, str]:
    """Trim windows out of the period, else veto the kind's peers (module docstring)."""
    councils = _affected(programme, change)
    banned = tuple(
        p.peer_id
        for p in programme.peers
        if change.kind == "all" or p.kind is PeerKind(change.kind)
    )
    moved = vetoed = 0
    out = []
    for c in programme.challenges:
        starts = clear_starts(c, change.from_, change.to) if c.council in councils else None
        if starts is None or len(starts) == len(start_options(c)):
            out.append(c)
        elif starts:
            moved += 1
            out.append(
                c.model_copy(update={"earliest_start": starts[0], "latest_start": starts[-1]})
            )
        else:
            vetoed += 1
            out.append(c.model_copy(update={"vetoes": tuple(dict.fromkeys(c.vetoes + banned))}))
    hit = {
        c.challenge_id
        for c, new in zip(programme.challenges, out, strict=True)
        if new.vetoes != c.vetoes
    }
    banned_set = set(banned)
    placements = tuple(
        p for p in programme.placements if not (p.challenge_id in hit and p.peer_id in banned_set)
    )
    note = (
        f"{change.reason} {change.from_}..{change.to} at {len(councils)} councils: "
        f"{moved} windows trimmed, {vetoed} challenges without {change.kind} peers (H5 veto)"
    )
    return replace(programme, challenges=tuple(out), placements=placements), note
