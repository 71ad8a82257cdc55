"""Solver runs in child processes, each under a watchdog, summarised as benchmark records.

Why children: each run gets a clean peak RSS (VmHWM of a fresh process), HiGHS never
shares a process with OR-Tools (they clash), and a run that overruns its time limit (HiGHS
presolve has overrun by minutes on this problem family) is killed and recorded as
'no answer' instead of hanging the session. The parent never imports highspy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.gaps import rel_gap, time_to_gap

REPO = Path(__file__).resolve().parents[1]
SETUP_TIMEOUT_S = 900.0
"""Encode, greedy, model build and hint before the solve starts (about 150 s at L)."""


@dataclass
class ChildRun:
    result: dict | None
    killed: bool
    returncode: int | None
    wall_s: float
    out: Path
    load_1m: float
    """Load average when the run started: other work on this 2-core machine skews times."""

    def text(self, name: str) -> str:
        path = self.out / name
        return path.read_text(errors="replace") if path.exists() else ""


def margin_for(limit_s: float) -> float:
    """Grace after the time limit before the watchdog kills a run."""
    return max(30.0, 0.5 * limit_s)


def run_child(module: str, args: list[str], out: Path, limit_s: float) -> ChildRun:
    """Run `python -m module args`; kill it at (solve start or setup) + limit + margin.

    A child that writes OUT/started when its solve begins is timed from then; otherwise
    from its launch, with SETUP_TIMEOUT_S more for the work before the solve."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "started").unlink(missing_ok=True)
    (out / "result.json").unlink(missing_ok=True)
    load = os.getloadavg()[0]
    t0 = time.monotonic()
    deadline = t0 + SETUP_TIMEOUT_S + limit_s + margin_for(limit_s)
    marked = False
    with (out / "stdout.log").open("w") as so, (out / "stderr.log").open("w") as se:
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args], cwd=REPO, stdout=so, stderr=se
        )
        killed = False
        while proc.poll() is None:
            if not marked and (out / "started").exists():
                marked = True
                deadline = time.monotonic() + limit_s + margin_for(limit_s)
            if time.monotonic() > deadline:
                proc.kill()  # our own child, by its handle
                killed = True
                proc.wait()
                break
            time.sleep(0.2)
    result_file = out / "result.json"
    result = json.loads(result_file.read_text()) if result_file.exists() and not killed else None
    return ChildRun(result, killed, proc.returncode, time.monotonic() - t0, out, load)


def run_cpsat(
    programme_file: Path, out: Path, limit_s: float, workers: int, seed: int, constant: int
) -> dict:
    """The batch job (CP-SAT) on a pickled programme; a record for the results table.

    Its progress events are on the job's clock (encoding included), so its times to a gap
    count the whole job; the baselines' count their solve only."""
    run = run_child(
        "benchmarks.cpsat_child",
        [str(programme_file), str(out), "--time-limit", str(limit_s)]
        + ["--workers", str(workers), "--seed", str(seed)],
        out,
        limit_s,
    )
    r = run.result
    if r is None or "error" in r:
        return {
            "status": "no answer",
            "killed": run.killed,
            "child_wall_s": run.wall_s,
            "load_1m": run.load_1m,
            "error": (r or {}).get("error") or run.text("stderr.log")[-2000:],
        }
    s = r["summary"]
    events = [tuple(e) for e in r["events"]]
    final = (r["batch_wall_s"], s["objective"], s["best_bound"])
    counts = s["counts"]
    return {
        "status": r["status"],
        "objective": s["objective"],
        "bound": s["best_bound"],
        "gap": s["gap"],
        "cgap": s["controllable_gap"],
        "constant": s["objective_constant"],
        "first_s": s["first_solution_seconds"],
        "best_s": s["best_solution_seconds"],
        "t_gap_1pct": time_to_gap(events, 0.01, final),
        "t_cgap_1pct": time_to_gap(events, 0.01, final, constant),
        "solve_s": s["solve_seconds"],
        "encode_s": r["timings"]["encode_s"],
        "build_hint_s": r["timings"]["build_s"],
        "batch_wall_s": r["batch_wall_s"],
        "job_wall_s": r["batch_wall_s"],
        "child_wall_s": run.wall_s,
        "peak_rss_mib": r["peak_rss_mib"],
        "cpu_s": r["cpu_s"],
        "validator_ok": r["validator_ok"],
        "validator_objective": r["validator_objective"],
        "greedy_objective_in_run": r["greedy_objective"],
        "pairs": counts["model_pairs"],
        "items": counts["model_items"],
        "candidate_pairs": counts["candidate_pairs"],
        "seats": counts["seats"],
        "unfilled": counts["unfilled"],
        "unfilled_with_free_peer": r["unfilled_with_free_peer"],
        "repaired": s.get("repaired_seats"),
        "log_events": len(events),
        "out": str(out),
        "load_1m": run.load_1m,
    }


def run_mip(
    module: str, problem_file: Path, out: Path, limit_s: float, args: list[str], constant: int
) -> dict:
    """A MIP baseline child (benchmarks.highs_baseline or .scip_baseline) on a pickled
    MatchingProblem; 'no answer' if the watchdog fired."""
    run = run_child(
        module, [str(problem_file), str(out), "--time-limit", str(limit_s), *args], out, limit_s
    )
    r = run.result
    if r is None:
        return {
            "status": "no answer",
            "killed": run.killed,
            "child_wall_s": run.wall_s,
            "load_1m": run.load_1m,
            "last_trace": _last_trace(out),
            "error": run.text("stderr.log")[-2000:],
        }
    events = [tuple(e) for e in r.pop("events", [])]
    answered = r["objective"] is not None
    final = (r["solve_s"], r["objective"], r["bound"])
    r.update(
        solver_status=r["status"],
        child_wall_s=run.wall_s,
        killed=False,
        out=str(out),
        load_1m=run.load_1m,
        gap=rel_gap(r["objective"], r["bound"]),
        cgap=rel_gap(r["objective"], r["bound"], constant),
        constant=r.get("constant", constant),
        t_cgap_1pct=time_to_gap(events, 0.01, final, constant),
        overrun_s=max(0.0, r["solve_s"] - limit_s),
        status=("optimal" if r["status"] in ("Optimal", "optimal") else "feasible")
        if answered
        else "no answer",
    )
    return r


def _last_trace(out: Path) -> list | None:
    lines = (out / "trace.jsonl").read_text().splitlines() if (out / "trace.jsonl").exists() else []
    return json.loads(lines[-1]) if lines else None
