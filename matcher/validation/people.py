"""H5 conflicts and H6 eligibility: whether this peer may sit on this team at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from matcher.models import ChallengeType, ConflictReason, PeerKind, PeerStatus
from matcher.rules.h5_conflicts import FORMER_EMPLOYER_YEARS
from matcher.rules.h6_eligibility import MEMBER_GRACE, TRAINING_YEARS, years_before
from matcher.validation.context import Context, Placed, council_label, flag, peer_label, where
from matcher.validation.report import Violation

__all__ = ["check_conflicts", "check_eligibility", "years_before"]


def check_conflicts(ctx: Context) -> Iterator[Violation]:
    """H5: no peer at their own council, a council of the same two-tier area, a neighbouring
    council, a declared conflict, a former employer within 5 years, or a council that vetoed
    them.

    Each reason that applies is its own violation (detail: own_council, two_tier,
    neighbour, declared, former_employer, veto).
    """
    councils, settings = ctx.programme.councils, ctx.programme.settings
    conflicts = ctx.programme.conflicts_by_peer
    for placed in ctx.placed:
        peer, challenge = placed.peer, placed.challenge
        home, client = peer.home_council, challenge.council
        who, at = peer_label(peer), council_label(ctx.client(placed))
        if home == client:
            yield flag(
                "H5",
                placed,
                "own_council",
                f"H5: {who}'s home council is the client {at} ({where(placed)}).",
            )
        elif councils.same_two_tier_area(home, client):
            yield flag(
                "H5",
                placed,
                "two_tier",
                f"H5: {who}'s home council "
                f"{council_label(ctx.council(home))} is in the same two-tier area as "
                f"the client {at} ({where(placed)}).",
            )
        if settings.neighbour_rule and councils.are_neighbours(home, client):
            yield flag(
                "H5",
                placed,
                "neighbour",
                f"H5: {who}'s home council "
                f"{council_label(ctx.council(home))} borders the client {at} "
                f"({where(placed)}).",
            )
        for conflict in conflicts.get(peer.peer_id, ()):
            if conflict.ons_code == client:
                yield from _declared_or_former(placed, conflict, who, at)
        if peer.peer_id in challenge.vetoes:
            yield flag("H5", placed, "veto", f"H5: the client {at} vetoed {who} ({where(placed)}).")


def _declared_or_former(placed: Placed, conflict, who: str, at: str) -> Iterator[Violation]:
    if conflict.reason is ConflictReason.DECLARED:
        yield flag(
            "H5",
            placed,
            "declared",
            f"H5: {who} declared a conflict with the client {at} ({where(placed)}).",
        )
        return
    until = conflict.until_year
    if until is None or placed.start.year - until <= FORMER_EMPLOYER_YEARS:
        left = "with no leaving year" if until is None else f"left in {until}"
        yield flag(
            "H5",
            placed,
            "former_employer",
            f"H5: the client {at} is {who}'s former "
            f"employer ({left}, within {FORMER_EMPLOYER_YEARS} years of "
            f"{placed.start.year}) ({where(placed)}).",
        )


def check_eligibility(ctx: Context) -> Iterator[Violation]:
    """H6: member peers have attended or booked peer-challenge training and attended a peer
    conference (on or before the start) within 3 years, unless waived on the record, and
    serve or left under 12 months ago; a shadow seat needs the training but no conference;
    officer peers are serving; a mentoring challenge needs mentoring training attended or
    booked; paused (up to the pause's end) and removed peers are never matched.

    With the setting `profile_stale_before`, a profile last updated before it (or never)
    is not matched either (issue 13).

    Details: training, conference, serving, mentoring, status, profile.
    """
    stale_before = ctx.programme.settings.profile_stale_before
    for placed in ctx.placed:
        yield from _status(placed)
        if placed.challenge.type is ChallengeType.MENTORING:
            yield from _mentoring(placed)
        if stale_before is not None:
            yield from _stale_profile(placed, stale_before)
        if placed.peer.kind is PeerKind.MEMBER:
            yield from _member_eligibility(placed)
        elif placed.peer.serving_until is not None and placed.peer.serving_until < placed.start:
            yield flag(
                "H6",
                placed,
                "serving",
                f"H6: officer peer {peer_label(placed.peer)} "
                f"stopped serving on {placed.peer.serving_until}, before the start "
                f"{placed.start} of {where(placed)}.",
            )


def _status(placed: Placed) -> Iterator[Violation]:
    peer, start = placed.peer, placed.start
    if peer.status is PeerStatus.REMOVED:
        why = peer.removed_reason.value.replace("_", " ") if peer.removed_reason else "no reason"
        yield flag(
            "H6",
            placed,
            "status",
            f"H6: {peer_label(peer)} was removed from the pool ({why}) and may not take "
            f"{where(placed)}.",
        )
    elif peer.status is PeerStatus.PAUSED and (
        peer.paused_until is None or start <= peer.paused_until
    ):
        until = f"until {peer.paused_until}" if peer.paused_until else "with no end date"
        yield flag(
            "H6",
            placed,
            "status",
            f"H6: {peer_label(peer)} is paused {until}, so may not take {where(placed)} "
            f"starting {start}.",
        )


def _mentoring(placed: Placed) -> Iterator[Violation]:
    peer = placed.peer
    if peer.mentoring_trained_on is None and peer.mentoring_booked_on is None:
        yield flag(
            "H6",
            placed,
            "mentoring",
            f"H6: {peer_label(peer)} has no mentoring training attended or booked; "
            f"{where(placed)} is a mentoring seat.",
        )


def _stale_profile(placed: Placed, stale_before: date) -> Iterator[Violation]:
    """The profile freshness setting (issue 13): a profile older than the cut-off."""
    updated = placed.peer.profile_updated_on
    if updated is None or updated < stale_before:
        had = "was never updated" if updated is None else f"was last updated on {updated}"
        yield flag(
            "H6",
            placed,
            "profile",
            f"H6: the profile of {peer_label(placed.peer)} {had}; this programme matches only "
            f"profiles updated on or after {stale_before} (profile_stale_before).",
        )


def _member_eligibility(placed: Placed) -> Iterator[Violation]:
    peer, start = placed.peer, placed.start
    if not peer.training_waived:
        yield from _training(placed, years_before(start, TRAINING_YEARS))
    if peer.serving_until is not None and peer.serving_until < start - MEMBER_GRACE:
        yield flag(
            "H6",
            placed,
            "serving",
            f"H6: member peer {peer_label(peer)} left office "
            f"on {peer.serving_until}, more than 12 months before the start {start} "
            f"of {where(placed)}.",
        )


def _training(placed: Placed, cutoff) -> Iterator[Violation]:
    """Training attended or booked on or after the cutoff; a conference attended between
    the cutoff and the start (not for a shadow seat)."""
    peer, start = placed.peer, placed.start
    dates = [d for d in (peer.trained_on, peer.training_booked_on) if d is not None]
    if not any(d >= cutoff for d in dates):
        last = max(dates, default=None)
        had = "has no recorded" if last is None else f"last attended or booked on {last} a"
        yield flag(
            "H6",
            placed,
            "training",
            f"H6: member peer {peer_label(peer)} {had} peer-challenge training; "
            f"{where(placed)} needs one on or after {cutoff}.",
        )
    if placed.seat.shadow:
        return
    when = peer.conference_on
    if when is None or when < cutoff or when > start:
        had = (
            "has no recorded peer conference"
            if when is None
            else f"had a peer conference on {when}"
        )
        yield flag(
            "H6",
            placed,
            "conference",
            f"H6: member peer {peer_label(peer)} {had}; {where(placed)} needs one attended "
            f"between {cutoff} and the start {start}.",
        )
