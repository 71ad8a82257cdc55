"""The issue's targets (issue 3, 'Targets') as checks over a session's records.

Each check is {name, value, target, met}; met is None when a figure was not measured in
this session (e.g. long cases skipped). Ratios compare runs of the same session only.
"""

from __future__ import annotations

from benchmarks.instances import SOLVE_CASES

ENCODING_L_MAX_S = 10.0
L_PEAK_MAX_MIB = 3 * 1024
GREEDY_RATIO_MAX = 0.85
TIME_TO_GAP_RATIO_MAX = 0.5


def _check(name: str, value, target: str, met: bool | None) -> dict:
    return {
        "name": name,
        "value": "not run" if value is None else value,
        "target": target,
        "met": met,
    }


def _fmt(value: float | None, pattern: str = "{:.3f}") -> str | None:
    return None if value is None else pattern.format(value)


def solver_checks(results) -> list[dict]:
    """Status, gap and memory targets of the CP-SAT runs."""
    s5, m15 = results.get("cpsat", "S", 5.0), results.get("cpsat", "M", 15.0)
    m60, l300 = results.get("cpsat", "M", 60.0), results.get("cpsat", "L", 300.0)
    enc = results.get("encoding", "L")
    enc_s = enc and enc["time_s"]

    def gap(r):
        return None if not r or r.get("gap") is None else r["gap"]

    return [
        _check(
            "encoding L (encode + model build) s",
            _fmt(enc_s, "{:.1f}"),
            f"<= {ENCODING_L_MAX_S:g}",
            None if enc_s is None else enc_s <= ENCODING_L_MAX_S,
        ),
        _check("S 5 s status", s5 and s5["status"], "optimal", s5 and s5["status"] == "optimal"),
        _check(
            "M 15 s gap to best bound",
            _fmt(gap(m15), "{:.2%}"),
            "<= 1%",
            None if gap(m15) is None else gap(m15) <= 0.01,
        ),
        _check(
            "M 60 s status", m60 and m60["status"], "optimal", m60 and m60["status"] == "optimal"
        ),
        _check(
            "L 300 s gap to best bound",
            _fmt(gap(l300), "{:.2%}"),
            "<= 3%",
            None if gap(l300) is None else gap(l300) <= 0.03,
        ),
        _check(
            "L 300 s peak memory MiB (batch job)",
            _fmt(l300 and l300.get("peak_rss_mib"), "{:,.0f}"),
            f"<= {L_PEAK_MAX_MIB:,}",
            None
            if not l300 or l300.get("peak_rss_mib") is None
            else l300["peak_rss_mib"] <= L_PEAK_MAX_MIB,
        ),
    ]


def greedy_checks(results) -> list[dict]:
    """peermatch / greedy objective per solve case (target on M and L)."""
    out = []
    for case in SOLVE_CASES:
        run, base = results.get("cpsat", case.size, case.limit_s), results.get("greedy", case.size)
        ratio = None
        if run and base and run.get("objective") is not None and base.get("objective"):
            ratio = run["objective"] / base["objective"]
        target = f"<= {GREEDY_RATIO_MAX}" if case.size in ("M", "L") else "(info)"
        met = None if ratio is None or case.size == "S" else ratio <= GREEDY_RATIO_MAX
        out.append(_check(f"{case.id} peermatch / greedy objective", _fmt(ratio), target, met))
    return out


def highs_checks(results) -> list[dict]:
    """peermatch / HiGHS objective and time-to-1%-gap ratios at equal time limits."""
    out = []
    for case in SOLVE_CASES:
        run, base = (
            results.get("cpsat", case.size, case.limit_s),
            results.get("highs", case.size, case.limit_s),
        )
        on_target = case.size == "M"
        out.append(_objective_ratio(case, run, base, on_target))
        out.append(_time_ratio(case, run, base, on_target))
    return out


def _objective_ratio(case, run, base, on_target: bool) -> dict:
    name, target = f"{case.id} peermatch / HiGHS objective", "<= 1" if on_target else "(info)"
    if not run or not base or run.get("objective") is None:
        return _check(name, None, target, None)
    if base.get("objective") is None:
        return _check(name, "HiGHS no answer", target, True if on_target else None)
    ratio = run["objective"] / base["objective"]
    return _check(name, _fmt(ratio, "{:.4f}"), target, ratio <= 1.0 if on_target else None)


def _time_ratio(case, run, base, on_target: bool) -> dict:
    name = f"{case.id} time to 1% gap, peermatch / HiGHS"
    target = f"<= {TIME_TO_GAP_RATIO_MAX}" if on_target else "(info)"
    if not run or not base:
        return _check(name, None, target, None)
    ours, theirs = run.get("t_gap_1pct"), base.get("t_gap_1pct")
    if ours is None:
        shown = "peermatch never" + ("" if theirs is None else f", HiGHS {theirs:.1f}s")
        return _check(name, shown, target, False if on_target else None)
    if theirs is None:
        shown = f"{ours:.1f}s vs HiGHS never"
        return _check(name, shown, target, True if on_target else None)
    ratio = ours / theirs if theirs > 0 else float("inf")
    shown = f"{ours:.1f}/{theirs:.1f}s = {ratio:.2f}"
    return _check(name, shown, target, ratio <= TIME_TO_GAP_RATIO_MAX if on_target else None)


def all_checks(results) -> list[dict]:
    return solver_checks(results) + greedy_checks(results) + highs_checks(results)
