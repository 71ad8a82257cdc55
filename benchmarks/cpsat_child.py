"""One batch solve (matcher.batch.run_batch, CP-SAT) in a process of its own.

    .venv/bin/python -m benchmarks.cpsat_child PROGRAMME.pkl OUT_DIR --time-limit 15

A fresh process gives a clean peak RSS for the whole batch job (encode, greedy, model
build, hint, solve, decode, validation). CP-SAT's search log goes to stdout, which the
parent stores and reads for bound improvements between solutions (time to 1% gap).
run_batch validates the plan itself: an invalid plan or an objective mismatch raises
InternalError, recorded here as `error`. Writes OUT_DIR/result.json.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
import traceback
from pathlib import Path

from benchmarks.memory import cpu_seconds, peak_rss_mib
from matcher.batch.job import run_batch
from solver.solve import Progress, SolveParams


def json_default(value):
    """numpy scalars and enums in summaries become plain JSON values."""
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def solve(programme_file: Path, params: SolveParams) -> dict:
    with programme_file.open("rb") as f:
        programme = pickle.load(f)
    events: list[tuple[float, int, float]] = []

    def on_progress(p: Progress) -> None:
        events.append((p.elapsed_s, p.objective, p.bound))

    t0 = time.perf_counter()
    try:
        result = run_batch(programme, params, on_progress)
    except Exception as exc:  # noqa: BLE001 - the parent reports any failure as data
        return {
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
            "events": events,
        }
    report = result.report
    return {
        "status": result.status.value,
        "summary": result.summary,
        "greedy_objective": result.greedy_objective,
        "timings": result.timings,
        "validator_ok": None if report is None else report.ok,
        "validator_objective": None if report is None else report.score.total,
        "assignments": len(result.assignments),
        "unfilled_with_free_peer": sum("free:" in u.blocking for u in result.unfilled),
        "batch_wall_s": time.perf_counter() - t0,
        "events": events,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("programme", type=Path, help="pickled matcher.programme.Programme")
    parser.add_argument("out", type=Path)
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    params = SolveParams(
        time_limit_s=args.time_limit, workers=args.workers, seed=args.seed, log=True
    )
    result = solve(args.programme, params)
    # A bound worker in its own process (solver.lp_process, L) adds its peak: the sum is
    # what the job may hold at once, stated whole rather than the parent's share alone.
    search = (result.get("summary") or {}).get("search", {})
    result["peak_rss_mib"] = peak_rss_mib() + (search.get("bound_process_peak_mib") or 0.0)
    result["cpu_s"] = cpu_seconds()
    (args.out / "result.json").write_text(json.dumps(result, default=json_default))
    return 0


if __name__ == "__main__":
    sys.exit(main())
