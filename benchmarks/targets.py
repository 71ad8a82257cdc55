"""The issue's targets (issue 15, 'Targets') as checks over a session's records.

Each check is {name, value, target, met}; met is None when a figure was not measured in
this session (e.g. long cases skipped). Ratios compare runs of the same session only.
Controllable gap = (objective - bound) / (objective - constant part), solver.measure.
"""

from __future__ import annotations

from benchmarks.instances import BASELINES, SOLVE_CASES

ENCODING_L_MAX_S = 5.0
L_PEAK_MAX_MIB = 3 * 1024
TIME_TO_GAP_RATIO_MAX = 0.5
WALL_MARGIN_S = 5.0
SERVICE_GAP_SLACK = 1.25
"""The service's gap counts as 'the same' as the CLI's within 25% (one run each, on a
loaded machine: the search is not deterministic in time)."""


def _check(name: str, value, target: str, met: bool | None) -> dict:
    return {
        "name": name,
        "value": "not run" if value is None else value,
        "target": target,
        "met": met,
    }


def _fmt(value: float | None, pattern: str = "{:.3f}") -> str | None:
    return None if value is None else pattern.format(value)


def _cgap_check(results, size: str, limit: float, most: float) -> dict:
    run = results.get("cpsat", size, limit)
    value = run and run.get("cgap")
    return _check(
        f"{size} {limit:g} s controllable gap",
        _fmt(value, "{:.2%}"),
        f"<= {most:.0%}",
        None if value is None else value <= most,
    )


def _status_check(results, size: str, limit: float) -> dict:
    run = results.get("cpsat", size, limit)
    status = run and run["status"]
    return _check(f"{size} {limit:g} s status", status, "optimal", status and status == "optimal")


def solver_checks(results) -> list[dict]:
    """Status, gap, memory and encoding targets of the batch job."""
    l300 = results.get("cpsat", "L", 300.0)
    enc = results.get("encoding", "L")
    enc_s = enc and enc["time_s"]
    peak = l300 and l300.get("peak_rss_mib")
    return [
        _check(
            "encoding L (encode + model build) s",
            _fmt(enc_s, "{:.1f}") and f"{enc_s:.1f} ({enc['encode_s']:.1f} encode)",
            f"<= {ENCODING_L_MAX_S:g}",
            None if enc_s is None else enc_s <= ENCODING_L_MAX_S,
        ),
        _status_check(results, "S", 5.0),
        _cgap_check(results, "M", 15.0, 0.01),
        _status_check(results, "M", 60.0),
        _cgap_check(results, "L", 300.0, 0.05),
        _check(
            "L 300 s peak memory MiB (batch job)",
            _fmt(peak, "{:,.0f}"),
            f"<= {L_PEAK_MAX_MIB:,}",
            None if peak is None else peak <= L_PEAK_MAX_MIB,
        ),
    ]


def baseline_checks(results) -> list[dict]:
    """Objective no worse than every MIP baseline; time to 1% controllable gap at most half
    of the best baseline's."""
    out = []
    for case in SOLVE_CASES:
        run = results.get("cpsat", case.size, case.limit_s)
        bases = {b: results.get(b, case.size, case.limit_s) for b in BASELINES}
        bases = {b: r for b, r in bases.items() if r}
        if not run or not bases:
            continue
        out.append(_objective_check(case, run, bases))
        out.append(_time_check(case, run, bases))
    return out


def _objective_check(case, run, bases: dict) -> dict:
    name = f"{case.id} objective vs best baseline"
    answered = {b: r["objective"] for b, r in bases.items() if r.get("objective") is not None}
    if run.get("objective") is None:
        return _check(name, "peermatch no answer", "<= 1", False)
    if not answered:
        return _check(name, "baselines no answer", "<= 1", True)
    best = min(answered, key=answered.get)
    ratio = run["objective"] / answered[best]
    return _check(name, f"{ratio:.4f} ({best})", "<= 1", ratio <= 1.0)


def _time_check(case, run, bases: dict) -> dict:
    name = f"{case.id} time to 1% ctrl gap vs best baseline"
    target = f"<= {TIME_TO_GAP_RATIO_MAX}"
    times = {b: r["t_cgap_1pct"] for b, r in bases.items() if r.get("t_cgap_1pct") is not None}
    ours = run.get("t_cgap_1pct")
    if not times:
        shown = "no one reached it" if ours is None else f"{ours:.1f}s, baselines never"
        return _check(name, shown, target, None if ours is None else True)
    best = min(times, key=times.get)
    if ours is None:
        return _check(name, f"never vs {best} {times[best]:.1f}s", target, False)
    ratio = ours / times[best] if times[best] > 0 else float("inf")
    shown = f"{ours:.1f}/{times[best]:.1f}s ({best}) = {ratio:.2f}"
    return _check(name, shown, target, ratio <= TIME_TO_GAP_RATIO_MAX)


def honesty_checks(results) -> list[dict]:
    """Wall time within the limit + 5 s; no seat left empty while a free peer exists;
    the service path as good as the CLI's."""
    out = []
    for case in SOLVE_CASES:
        run = results.get("cpsat", case.size, case.limit_s)
        if not run or run.get("child_wall_s") is None:
            continue
        wall = run["child_wall_s"]
        out.append(
            _check(
                f"{case.id} wall (process start to exit) s",
                f"{wall:.1f}",
                f"<= {case.limit_s + WALL_MARGIN_S:g}",
                wall <= case.limit_s + WALL_MARGIN_S,
            )
        )
        if case.limit_s >= 30 and run.get("unfilled_with_free_peer") is not None:
            free = run["unfilled_with_free_peer"]
            out.append(
                _check(f"{case.id} empty seats a free peer could take", free, "0", free == 0)
            )
    for case in SOLVE_CASES:
        service = results.get("service", case.size, case.limit_s)
        cli = results.get("cpsat", case.size, case.limit_s)
        if service and cli:
            out.append(_service_check(case, service, cli))
    return out


def _service_check(case, service: dict, cli: dict) -> dict:
    name = f"{case.id} service vs CLI (status, gap)"
    s_gap, c_gap = service.get("gap"), cli.get("gap")
    shown = (
        f"{service['status']} {_fmt(s_gap, '{:.2%}')} vs {cli['status']} {_fmt(c_gap, '{:.2%}')}"
    )
    if s_gap is None or c_gap is None:
        return _check(name, shown, "same", False)
    same = service["status"] == cli["status"] and s_gap <= max(
        c_gap * SERVICE_GAP_SLACK, c_gap + 1e-3
    )
    return _check(name, shown, "same", same)


def all_checks(results) -> list[dict]:
    return solver_checks(results) + baseline_checks(results) + honesty_checks(results)
