"""H5 conflicts: no peer at their own council, a council of the same two-tier area, a
neighbouring council (a setting), a declared conflict, a former employer within 5 years,
or a council that vetoed them. A relaxation may lift the neighbour clause for one seat."""

from __future__ import annotations

import numpy as np

from matcher.models import ConflictReason
from matcher.rules.base import HardRule, RuleId, hard

FORMER_EMPLOYER_YEARS = 5
"""A former employer conflicts while start.year - until_year <= 5 (no year: always)."""
RELAX_COST = 4
"""Lifting the neighbour clause for a seat needs the client's agreement."""

ENTRY = hard(
    RuleId.H5,
    "conflicts",
    "No peer at their own council, a council of the same two-tier area, "
    f"a neighbouring council, a declared conflict, a former employer within "
    f"{FORMER_EMPLOYER_YEARS} years, or a council that vetoed them.",
)


def _conflicts(ctx):
    def make():
        cf, councils = ctx.programme.conflicts, ctx.programme.councils.index
        return (
            np.array([ctx.peer_index[c.peer_id] for c in cf], dtype=np.int64),
            np.array([councils[c.ons_code] for c in cf], dtype=np.int64),
            np.array([c.reason is ConflictReason.FORMER_EMPLOYER for c in cf], dtype=bool),
            np.array([-1 if c.until_year is None else c.until_year for c in cf], dtype=np.int64),
        )

    return ctx.memo("H5 conflicts", make)


def neighbours(ctx, challenge, start) -> np.ndarray:
    """The neighbour clause alone (empty when the setting turns it off)."""
    prog = ctx.programme
    if not prog.settings.neighbour_rule:
        return np.zeros(ctx.peers.n, dtype=bool)
    reg = prog.councils
    return reg.neighbour_matrix[reg.index[challenge.council]][ctx.peers.home]


def other_clauses(ctx, challenge, start) -> np.ndarray:
    """Own council, two-tier area, declared conflicts, recent former employers, vetoes."""
    reg = ctx.programme.councils
    client = reg.index[challenge.council]
    home = ctx.peers.home
    home_area = ctx.memo("H5 home areas", lambda: reg.area_index[home])
    out = (home == client) | (home_area == reg.area_index[client])
    peer, council, former, until = _conflicts(ctx)
    recent = (until < 0) | (start.year - until <= FORMER_EMPLOYER_YEARS)
    out[peer[(council == client) & (~former | recent)]] = True
    out[[ctx.peer_index[v] for v in challenge.vetoes if v in ctx.peer_index]] = True
    return out


def excluded(ctx, challenge, start) -> np.ndarray:
    """H5 at `start`: every clause."""
    return other_clauses(ctx, challenge, start) | neighbours(ctx, challenge, start)


def neighbour_only(ctx, challenge, start) -> np.ndarray:
    """Peers kept out by the neighbour clause and nothing else of H5 (relaxable)."""
    return neighbours(ctx, challenge, start) & ~other_clauses(ctx, challenge, start)


RULE = HardRule(
    ENTRY,
    per_start=excluded,
    relax_waiver="seat",
    relax_part=neighbour_only,
    relax_cost=RELAX_COST,
)
