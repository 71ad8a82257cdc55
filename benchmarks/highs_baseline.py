"""HiGHS baseline: the same MatchingProblem as a MIP (benchmarks.highs_mip), solved by highspy.

Run it only as a child process; the benchmarks do, under a watchdog:

    .venv/bin/python -m benchmarks.highs_baseline PROBLEM.pkl OUT_DIR --time-limit 15

Why a process of its own: HiGHS and OR-Tools clash when loaded into one Python process,
so this module never imports ortools (checked and reported), and HiGHS presolve once overran
a 120 s limit by ten minutes on this problem family, so the parent kills it at the time
limit plus a margin (benchmarks.children). The problem's `hint_items` (the greedy plan,
CP-SAT's warm start) are passed as a start solution unless --no-start.

With --lp it solves only the LP relaxation (every column continuous) and reports its value
as the bound: the benchmarks use it on the *unpruned* model, the limit no pruned plan can
beat.

Writes OUT_DIR/started when the solve begins (the watchdog's clock), OUT_DIR/trace.jsonl
(primal and dual bound as they move, HiGHS running time), OUT_DIR/chosen.npy (chosen
items) and OUT_DIR/result.json. The objective is recomputed from the chosen items by
solver.evaluate, as for the greedy.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import sys
import time
from pathlib import Path

import highspy
import numpy as np

from benchmarks.gaps import rel_gap, time_to_gap
from benchmarks.highs_mip import MipArrays, to_mip
from benchmarks.memory import cpu_seconds, peak_rss_mib
from solver.evaluate import evaluate, objective
from solver.measure import objective_constant
from solver.problem import MatchingProblem

_IMPROVING = highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution


class _Trace:
    """Primal and dual bound events from HiGHS's MIP callbacks, appended to a file.

    With a start solution HiGHS first solves a sub-MIP to complete it, and that sub-MIP's
    events carry its own dual bound (equal to the start's objective): dual bounds count only
    once the main solve has reported its initial -inf bound, and never from
    improving-solution events (there the dual field is not the tree's bound)."""

    def __init__(self, path: Path, armed: bool):
        self.file = path.open("w")
        self.events: list[tuple[float, float | None, float | None]] = []
        self.armed = armed
        self.last: tuple[float | None, float | None] | None = None

    def __call__(self, event) -> None:
        out = event.data_out
        primal = out.mip_primal_bound if math.isfinite(out.mip_primal_bound) else None
        dual = out.mip_dual_bound if math.isfinite(out.mip_dual_bound) else None
        if dual is None and event.callback_type != _IMPROVING:
            self.armed = True
        if not self.armed or event.callback_type == _IMPROVING:
            dual = None
        if (primal, dual) == self.last:
            return
        self.last = (primal, dual)
        record = (float(out.running_time), primal, dual)
        self.events.append(record)
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()


def load_model(h: highspy.Highs, mip: MipArrays) -> None:
    nnz = len(mip.index)
    status = h.passModel(
        len(mip.cost),
        len(mip.row_lo),
        nnz,
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMinimize),
        mip.offset,
        mip.cost,
        mip.col_lo,
        mip.col_hi,
        mip.row_lo,
        mip.row_hi,
        mip.start,
        mip.index,
        mip.value,
        mip.integer.astype(np.int32),
    )
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS rejected the model: {status}")


def set_start(h: highspy.Highs, problem: MatchingProblem, mip: MipArrays) -> bool:
    """Items of the hint at 1 (others 0) and their teams' options; HiGHS completes the rest."""
    if len(problem.hint_items) == 0:
        return False
    x = np.zeros(problem.n_items)
    x[problem.hint_items] = 1.0
    chosen_options = np.unique(problem.item_option[problem.hint_items])
    teams = problem.option_team[chosen_options]
    options = np.flatnonzero(np.isin(problem.option_team, teams))
    y = np.isin(options, chosen_options).astype(float)
    index = np.concatenate([np.arange(problem.n_items), mip.n_items + options]).astype(np.int32)
    status = h.setSolution(len(index), index, np.concatenate([x, y]))
    return status != highspy.HighsStatus.kError


def solve(
    problem: MatchingProblem, out: Path, time_limit: float, threads: int, seed: int, use_start: bool
) -> dict:
    t0 = time.perf_counter()
    mip = to_mip(problem)
    h = highspy.Highs()
    for name, value in (
        ("time_limit", time_limit),
        ("threads", threads),
        ("random_seed", seed),
        ("mip_rel_gap", 0.0),
    ):
        h.setOptionValue(name, value)
    load_model(h, mip)
    started = use_start and set_start(h, problem, mip)
    build_s = time.perf_counter() - t0
    trace = _Trace(out / "trace.jsonl", armed=not started)
    for callbacks in (h.cbMipImprovingSolution, h.cbMipLogging, h.cbMipInterrupt):
        callbacks.subscribe(trace)
    (out / "started").write_text(str(time.time()))
    t1 = time.perf_counter()
    h.solve()
    wall = time.perf_counter() - t1
    result = _result(h, problem, trace, wall, out)
    result.update(
        build_s=build_s,
        start_given=bool(started),
        mip_cols=len(mip.cost),
        mip_rows=len(mip.row_lo),
        mip_nnz=len(mip.index),
    )
    return result


def _result(
    h: highspy.Highs, problem: MatchingProblem, trace: _Trace, wall: float, out: Path
) -> dict:
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    bound = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else None
    result: dict = {
        "status": status,
        "solve_s": wall,
        "bound": bound,
        "objective": None,
        "highs_objective": None,
        "broken": [],
        "events": trace.events,
    }
    if info.primal_solution_status == 2:  # kSolutionStatusFeasible
        values = np.asarray(h.getSolution().col_value[: problem.n_items])
        chosen = np.flatnonzero(values > 0.5)
        np.save(out / "chosen.npy", chosen)
        broken, penalties = evaluate(problem, chosen)
        result.update(
            objective=objective(penalties),
            broken=broken,
            highs_objective=info.objective_function_value,
        )
    primal = [(t, p) for t, p, _ in trace.events if p is not None]
    result["first_s"] = primal[0][0] if primal else None
    result["best_s"] = next((t for t, p in primal if p <= primal[-1][1]), None)
    final = (wall, result["objective"], bound)
    result["gap"] = rel_gap(result["objective"], bound)
    result["t_gap_1pct"] = time_to_gap(trace.events, 0.01, final)
    return result


def solve_lp(problem: MatchingProblem, out: Path, time_limit: float, threads: int) -> dict:
    """The LP relaxation of the same MIP; its optimum is a valid lower bound."""
    t0 = time.perf_counter()
    mip = to_mip(problem)
    mip.integer[:] = False
    h = highspy.Highs()
    for name, value in (("time_limit", time_limit), ("threads", threads)):
        h.setOptionValue(name, value)
    load_model(h, mip)
    build_s = time.perf_counter() - t0
    (out / "started").write_text(str(time.time()))
    t1 = time.perf_counter()
    h.run()
    wall = time.perf_counter() - t1
    status = h.modelStatusToString(h.getModelStatus())
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    bound = h.getInfo().objective_function_value if optimal else None
    return {
        "status": status,
        "solve_s": wall,
        "build_s": build_s,
        "bound": bound,
        "objective": None,
        "mip_cols": len(mip.cost),
        "mip_rows": len(mip.row_lo),
        "pairs": problem.n_pairs,
        "items": problem.n_items,
        "constant": objective_constant(problem),
        "events": [],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("problem", type=Path, help="pickled solver.problem.MatchingProblem")
    parser.add_argument("out", type=Path, help="folder for started, trace, chosen, result")
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-start", action="store_true", help="do not pass the hint")
    parser.add_argument("--lp", action="store_true", help="the LP relaxation only")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with args.problem.open("rb") as f:
        problem: MatchingProblem = pickle.load(f)
    if args.lp:
        result = solve_lp(problem, args.out, args.time_limit, args.threads)
    else:
        result = solve(
            problem, args.out, args.time_limit, args.threads, args.seed, not args.no_start
        )
    result["peak_rss_mib"] = peak_rss_mib()
    result["cpu_s"] = cpu_seconds()
    result["ortools_loaded"] = any(m.startswith("ortools") for m in sys.modules)
    (args.out / "result.json").write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
