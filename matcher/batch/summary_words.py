"""A run's summary in words, for the people who read it (terminal and workbook).

summary.json keeps the internals (objective, bound, model sizes, timings) for programs and
for whoever tunes the solver; a manager reads "all 436 seats filled; estimated expenses
£199,810; within 0.8% of the best possible plan" instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PROVEN = 0.0005
"""A gap below 0.05% reads as "the best possible plan"."""
NO_BOUND_YET = 10.0
"""A gap of 1,000% or more means the bound is still meaningless (early in the search)."""


def seats_sentence(counts: Mapping[str, int]) -> str:
    seats, filled, unfilled = counts["seats"], counts["filled"], counts["unfilled"]
    where = f"across {counts['challenges']:,} challenges"
    if not unfilled:
        return f"All {seats:,} seats filled {where}."
    return (
        f"{filled:,} of {seats:,} seats filled {where}; {unfilled:,} could not be filled "
        "(the unfilled table says which rules block each one)."
    )


def quality_sentence(status: str, gap: float | None, controllable: float | None = None) -> str:
    """How good the plan is, in words (the optimality gap, without the jargon), with the gap
    on the points a plan can change beside it (most of the objective is expenses every plan
    pays, so the plain gap alone flatters)."""
    if status == "infeasible":
        return "No plan meets every hard rule: nothing was scheduled."
    if status == "timeout":
        return "No plan was found within the time limit: try a longer --time-limit."
    if status == "optimal" or (gap is not None and gap < PROVEN):
        return "This is the best possible plan for these rules and weights."
    if gap is None or gap >= NO_BOUND_YET:
        return "How close this plan is to the best possible one is not known yet."
    sentence = f"This plan is within {gap:.1%} of the best possible plan"
    if controllable is None or controllable >= NO_BOUND_YET:
        return sentence + "."
    return f"{sentence} ({controllable:.1%} on the part a plan can change)."


def peers_sentence(summary: Mapping[str, Any]) -> str | None:
    by_peer = summary.get("utilisation_by_peer")
    counts = summary["counts"]
    if not by_peer:
        return None
    members, officers = by_peer["member"]["peers_used"], by_peer["officer"]["peers_used"]
    return (
        f"{counts['peers_used']:,} of {counts['peers']:,} peers take part: {members:,} "
        f"member peers and {officers:,} officer peers."
    )


def summary_sentences(summary: Mapping[str, Any]) -> list[str]:
    """The run's summary as sentences: seats, quality, expenses, peers, paid-for councils."""
    sentences = [
        seats_sentence(summary["counts"]),
        quality_sentence(
            str(summary["status"]), summary.get("gap"), summary.get("controllable_gap")
        ),
    ]
    cost = summary.get("cost_estimate_gbp")
    if cost is not None:
        sentences.append(
            f"Estimated expenses £{cost:,.0f} (travel, hotels and meals, LGA expenses policy)."
        )
    peers = peers_sentence(summary)
    if peers:
        sentences.append(peers)
    paid = summary.get("paid_basis_challenges") or []
    if paid:
        sentences.append(
            f"{len(paid):,} challenges are at Welsh councils, served on a paid-for basis "
            "(marked in the teams table)."
        )
    return sentences
