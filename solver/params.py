"""How long and how wide a solve searches: SolveParams and its machine-sized defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

MAX_DEFAULT_WORKERS = 8
"""More CP-SAT threads than this stop paying on these models and starve other jobs."""


def available_workers(cap: int = MAX_DEFAULT_WORKERS) -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count),
    capped: the default that gives every caller the best plan the machine allows."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cap, cores))


@dataclass(frozen=True)
class SolveParams:
    """How long and how wide to search. The defaults are the best the machine allows, and
    every caller (CLI, service, what-if) starts from them; one worker switches off the
    hybrid search (gap 4.9% against 0.8% at S), so nothing should default to it."""

    time_limit_s: float = 60.0
    workers: int = field(default_factory=available_workers)
    seed: int = 0
    relative_gap: float = 0.0
    log: bool = False
    lns: bool = True
    """With 2+ workers and option times: full CP-SAT for the bound plus window LNS."""
