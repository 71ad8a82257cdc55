"""Gap bookkeeping shared by the CP-SAT and HiGHS runs (pure Python: no solver imports).

A *trace* is a list of `(elapsed_s, objective, bound)` events in solver time, where either
value may be None (a bound-only or solution-only event). Every solver is judged the same
way: the gap is `(objective - bound) / |objective|`, as solver.solve.relative_gap, and the
controllable gap `(objective - bound) / (objective - constant)`, as solver.measure.
"""

from __future__ import annotations

import math
import re

Event = tuple[float, float | None, float | None]

_LOG_LINE = re.compile(
    r"^#(?P<kind>\d+|Bound|Done)\s+(?P<t>[\d.]+)s\s+best:(?P<best>\S+)"
    r"(?:\s+next:\[(?P<lo>[^,\]]*),?(?P<hi>[^\]]*)\])?"
)


def rel_gap(
    objective: float | None, bound: float | None, constant: float | None = None
) -> float | None:
    """(objective - bound) / |objective|, or / (objective - constant) when the objective's
    constant part is given; None while either side is unknown."""
    if objective is None or bound is None or not math.isfinite(objective):
        return None
    if not math.isfinite(bound):
        return 1.0
    if constant is not None:
        avoidable = objective - constant
        return 0.0 if avoidable <= 0 else max(0.0, (objective - bound) / avoidable)
    if objective == 0:
        return 0.0 if bound >= 0 else 1.0
    return max(0.0, (objective - bound) / abs(objective))


def _number(text: str | None) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_cpsat_log(text: str) -> list[Event]:
    """Solution (`#1`, `#2`...) and bound (`#Bound`) lines of a CP-SAT search log."""
    events: list[Event] = []
    for line in text.splitlines():
        match = _LOG_LINE.match(line)
        if not match:
            continue
        best = _number(match["best"])
        bound = _number(match["lo"])
        events.append((float(match["t"]), best, bound))
    return events


def time_to_gap(
    events: list[Event], target: float, final: Event | None = None, constant: float | None = None
) -> float | None:
    """First time at which best objective so far and best bound so far are within `target`
    (as a controllable gap when `constant` is given).

    `final` (time, objective, bound) closes the trace: if only the final figures meet the
    target, that time is returned (an upper bound of the true crossing).
    """
    best = bound = None
    trace = sorted(events, key=lambda e: e[0]) + ([final] if final else [])
    for t, objective, lower in trace:
        if objective is not None and (best is None or objective < best):
            best = objective
        if lower is not None and (bound is None or lower > bound):
            bound = lower
        gap = rel_gap(best, bound, constant)
        if gap is not None and gap <= target + 1e-12:
            return t
    return None
