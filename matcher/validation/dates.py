"""H3 availability and H4 day caps: the dates of a solution, per peer and per team."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from matcher.programme import busy_period, onsite_end, start_options
from matcher.validation.context import Context, Placed, flag, peer_label, where
from matcher.validation.report import Violation


def check_dates(ctx: Context) -> Iterator[Violation]:
    """H3: the team starts on an allowed day, ends after its onsite days, all on one start.

    Allowed starts are the fixed date, or a Monday in a window (programme.start_options).
    """
    options: dict[str, set[date]] = {}
    for placed in ctx.placed:
        challenge, row = placed.challenge, placed.row
        if challenge.challenge_id not in options:
            options[challenge.challenge_id] = set(start_options(challenge))
        if row.start_date not in options[challenge.challenge_id]:
            yield flag(
                "H3",
                placed,
                "start",
                f"H3: {where(placed)} starts on "
                f"{row.start_date}, which is not an allowed start of "
                f"{challenge.challenge_id} ({_window(challenge)}).",
            )
        expected = onsite_end(challenge, row.start_date)
        if row.end_date != expected:
            yield flag(
                "H3",
                placed,
                "end",
                f"H3: {where(placed)} ends on {row.end_date} but "
                f"{challenge.onsite_days} onsite days from {row.start_date} end on "
                f"{expected}.",
            )
    for challenge_id, team in ctx.by_challenge.items():
        starts = sorted({p.start for p in team})
        if len(starts) > 1:
            listed = ", ".join(str(d) for d in starts)
            yield Violation(
                "H3",
                challenge_id,
                None,
                None,
                f"H3: the team of {challenge_id} "
                f"has {len(starts)} different start dates ({listed}); it shares "
                "one.",
                "split_start",
            )


def _window(challenge) -> str:
    if challenge.earliest_start == challenge.latest_start:
        return f"fixed on {challenge.earliest_start}"
    return f"a Monday from {challenge.earliest_start} to {challenge.latest_start}"


def check_unavailability(ctx: Context) -> Iterator[Violation]:
    """H3: a peer is not unavailable on any onsite day, including the evening before."""
    ranges = ctx.programme.unavailability_by_peer
    for peer_id, held in ctx.by_peer.items():
        for off in ranges.get(peer_id, ()):
            for placed in held:
                first, last = busy_period(placed.challenge, placed.start)
                if off.from_date <= last and first <= off.to_date:
                    why = f" ({off.reason})" if off.reason else ""
                    yield flag(
                        "H3",
                        placed,
                        "unavailable",
                        f"H3: {peer_label(placed.peer)} is "
                        f"unavailable {off.from_date} to {off.to_date}{why}, which "
                        f"overlaps {where(placed)} (busy {first} to {last}).",
                    )


def check_overlaps(ctx: Context) -> Iterator[Violation]:
    """H3: a peer's onsite periods (evening before included) never overlap.

    Sorting each peer's periods makes this a sweep: a period is compared only with the
    later-starting ones that begin before it ends.
    """
    for held in ctx.by_peer.values():
        periods = sorted(
            ((busy_period(p.challenge, p.start), p) for p in held), key=lambda t: (t[0], t[1].key)
        )
        for i, ((first, last), placed) in enumerate(periods):
            for (other_first, other_last), other in periods[i + 1 :]:
                if other_first > last:
                    break
                if other.challenge.challenge_id == placed.challenge.challenge_id:
                    continue  # two seats on one challenge: that is H2
                yield flag(
                    "H3",
                    other,
                    "overlap",
                    f"H3: {peer_label(other.peer)} is busy on "
                    f"{where(other)} ({other_first} to {other_last}) and on "
                    f"{where(placed)} ({first} to {last}); the periods overlap.",
                )


def check_day_caps(ctx: Context) -> Iterator[Violation]:
    """H4: days already used plus days charged by new seats stay within the peer's cap.

    Counted per financial year of each seat's start; shadow seats count toward no cap.
    The violation names the first seat (by start) that takes the peer over the cap.
    """
    programme = ctx.programme
    for held in ctx.by_peer.values():
        by_year: dict[int, list[Placed]] = defaultdict(list)
        for placed in held:
            if not placed.seat.shadow:
                by_year[programme.financial_year_of(placed.start)].append(placed)
        for year, seats in sorted(by_year.items()):
            peer = seats[0].peer
            used, cap = programme.days_used_in(peer, year), programme.cap_of(peer)
            total = used + sum(p.challenge.charged_days for p in seats)
            if total <= cap:
                continue
            running = used
            for placed in sorted(seats, key=lambda p: (p.start, p.key)):
                running += placed.challenge.charged_days
                if running > cap:
                    break
            yield flag(
                "H4",
                placed,
                "",
                f"H4: {peer_label(peer)} would use {total} days in "
                f"{year}/{(year + 1) % 100:02d} ({used} already used plus "
                f"{total - used} charged by {len(seats)} seats), over the cap of "
                f"{cap}; {where(placed)} takes them over.",
            )
