"""H5 conflicts and H6 eligibility: whether this peer may sit on this team at all."""

from __future__ import annotations

from collections.abc import Iterator

from matcher.models import ConflictReason, PeerKind
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
    """H6: member peers are trained and attended a peer conference within 3 years and serve
    or left under 12 months ago; officer peers are serving.

    Details: training, conference (members, unless waived on the record) and serving.
    """
    for placed in ctx.placed:
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


def _member_eligibility(placed: Placed) -> Iterator[Violation]:
    peer, start = placed.peer, placed.start
    if not peer.training_waived:
        cutoff = years_before(start, TRAINING_YEARS)
        for detail, what, when in (
            ("training", "peer-challenge training", peer.trained_on),
            ("conference", "peer conference", peer.conference_on),
        ):
            if when is None or when < cutoff:
                had = f"has no recorded {what}" if when is None else f"last had {what} on {when}"
                yield flag(
                    "H6",
                    placed,
                    detail,
                    f"H6: member peer {peer_label(peer)} {had}; "
                    f"{where(placed)} needs one on or after {cutoff}.",
                )
    if peer.serving_until is not None and peer.serving_until < start - MEMBER_GRACE:
        yield flag(
            "H6",
            placed,
            "serving",
            f"H6: member peer {peer_label(peer)} left office "
            f"on {peer.serving_until}, more than 12 months before the start {start} "
            f"of {where(placed)}.",
        )
