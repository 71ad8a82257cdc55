"""SCIP baseline: the same MIP as the HiGHS baseline (benchmarks.highs_mip), solved by SCIP.

Run it only as a child process; the benchmarks do, under a watchdog:

    .venv/bin/python -m benchmarks.scip_baseline PROBLEM.pkl OUT_DIR --time-limit 15

The MIP is the HiGHS baseline's arrays, written once as an MPS file by highspy and read by
pyscipopt, so both solvers see exactly the same rows and columns. SCIP runs on one thread
(its default; the 2-worker targets give the others two), with no start solution, seed and
zero gap limit as the others. Never imports ortools. Writes OUT_DIR/started when the
solve begins, OUT_DIR/chosen.npy and OUT_DIR/result.json with the objective recomputed by
solver.evaluate and the primal/dual trace from SCIP's events.
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
import pyscipopt

from benchmarks.gaps import rel_gap, time_to_gap
from benchmarks.highs_baseline import load_model
from benchmarks.highs_mip import to_mip
from benchmarks.memory import cpu_seconds, peak_rss_mib
from solver.evaluate import evaluate, objective
from solver.problem import MatchingProblem

_EVENTS = (
    pyscipopt.SCIP_EVENTTYPE.BESTSOLFOUND,
    pyscipopt.SCIP_EVENTTYPE.NODESOLVED,
)


class _Trace(pyscipopt.Eventhdlr):
    """(time, primal, dual) whenever either moves, from SCIP's node and solution events."""

    def __init__(self):
        super().__init__()
        self.events: list[tuple[float, float | None, float | None]] = []
        self.last: tuple | None = None

    def eventinit(self):
        for kind in _EVENTS:
            self.model.catchEvent(kind, self)

    def eventexec(self, event):
        m = self.model
        primal, dual = m.getPrimalbound(), m.getDualbound()
        point = (
            primal if abs(primal) < 1e19 else None,
            dual if abs(dual) < 1e19 else None,
        )
        if point != self.last:
            self.last = point
            self.events.append((m.getSolvingTime(), *point))


def write_mps(problem: MatchingProblem, path: Path) -> int:
    """The HiGHS baseline's MIP as MPS (columns c0, c1, ... in array order)."""
    mip = to_mip(problem)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    load_model(h, mip)
    h.writeModel(str(path))
    return len(mip.cost)


def solve(problem: MatchingProblem, out: Path, time_limit: float, seed: int) -> dict:
    t0 = time.perf_counter()
    n_cols = write_mps(problem, out / "model.mps")
    m = pyscipopt.Model()
    m.hideOutput()
    m.readProblem(str(out / "model.mps"))
    m.setParam("limits/time", time_limit)
    m.setParam("limits/gap", 0.0)
    m.setParam("randomization/randomseedshift", seed)
    trace = _Trace()
    m.includeEventhdlr(trace, "trace", "primal and dual bounds as they move")
    build_s = time.perf_counter() - t0
    (out / "started").write_text(str(time.time()))
    t1 = time.perf_counter()
    m.optimize()
    wall = time.perf_counter() - t1
    result = _result(m, problem, trace, wall, out)
    result.update(build_s=build_s, mip_cols=n_cols, start_given=False)
    return result


def _result(m: pyscipopt.Model, problem: MatchingProblem, trace: _Trace, wall, out) -> dict:
    dual = m.getDualbound()
    bound = dual if math.isfinite(dual) and abs(dual) < 1e19 else None
    result: dict = {
        "status": m.getStatus(),
        "solve_s": wall,
        "bound": bound,
        "objective": None,
        "solver_objective": None,
        "broken": [],
        "events": trace.events,
    }
    if m.getNSols() > 0:
        sol = m.getBestSol()
        by_name = {v.name: v for v in m.getVars()}
        values = np.array([sol[by_name[f"c{i}"]] for i in range(problem.n_items)])
        chosen = np.flatnonzero(values > 0.5)
        np.save(out / "chosen.npy", chosen)
        broken, penalties = evaluate(problem, chosen)
        result.update(
            objective=objective(penalties), broken=broken, solver_objective=m.getSolObjVal(sol)
        )
    primal = [(t, p) for t, p, _ in trace.events if p is not None]
    result["first_s"] = primal[0][0] if primal else None
    result["best_s"] = next((t for t, p in primal if p <= primal[-1][1]), None)
    result["gap"] = rel_gap(result["objective"], bound)
    result["t_gap_1pct"] = time_to_gap(trace.events, 0.01, (wall, result["objective"], bound))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("problem", type=Path, help="pickled solver.problem.MatchingProblem")
    parser.add_argument("out", type=Path, help="folder for started, model, chosen, result")
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with args.problem.open("rb") as f:
        problem: MatchingProblem = pickle.load(f)
    result = solve(problem, args.out, args.time_limit, args.seed)
    result["peak_rss_mib"] = peak_rss_mib()
    result["cpu_s"] = cpu_seconds()
    result["ortools_loaded"] = any(mod.startswith("ortools") for mod in sys.modules)
    (args.out / "model.mps").unlink(missing_ok=True)
    (args.out / "result.json").write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
