"""HiGHS baseline: the same MatchingProblem as a MIP (benchmarks.highs_mip) at the same limits.

HiGHS runs in a child process that never imports ortools (the two clash in one process),
under a watchdog that kills it at the time limit plus a margin and records 'no answer'
(its presolve has overrun by minutes on this problem family). It gets the greedy plan as
a start solution, as CP-SAT gets it as a hint (--highs-no-start to withhold it). Its plan
is decoded and checked by the independent validator here, in the parent.
"""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.children import run_highs
from benchmarks.instances import RESULTS_DIR, SOLVE_CASES, SOLVER_SEED, WORKERS
from matcher.encoding.decode import assignments_from_items
from matcher.validation import validate

CASES = [pytest.param(c, id=c.id, marks=[pytest.mark.long] if c.long else []) for c in SOLVE_CASES]


@pytest.mark.parametrize("case", CASES)
def test_highs(benchmark, instances, results, highs_start, case):
    problem_file = instances.problem_file(case.size)
    out = RESULTS_DIR / "runs" / f"highs-{case.id}"
    record = benchmark.pedantic(
        run_highs,
        args=(problem_file, out, case.limit_s, WORKERS, SOLVER_SEED, highs_start),
        rounds=1,
        iterations=1,
    )
    enc = instances.encoding(case.size)
    record.update(
        time_s=record.get("solve_s"), pairs=enc.problem.n_pairs, items=enc.problem.n_items
    )
    if record.get("objective") is not None:
        chosen = np.load(out / "chosen.npy")
        report = validate(enc.programme, assignments_from_items(enc, chosen))
        record.update(
            validator_ok=report.ok,
            validator_objective=report.score.total,
            validator_summary=report.summary(),
        )
    benchmark.extra_info.update(record)
    results.add("highs", case.size, case.limit_s, record)
    assert not record.get("ortools_loaded"), "the HiGHS child imported ortools"
    if record.get("objective") is not None:  # 'no answer' is a result, not a failure
        assert not record["broken"], record["broken"]
        assert record["validator_ok"], record["validator_summary"]
        assert record["validator_objective"] == record["objective"]
        # Auxiliary columns can only overstate the true cost; below it, the MIP is too loose.
        assert record["highs_objective"] >= record["objective"] - 0.5
