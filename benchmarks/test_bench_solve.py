"""The batch job (matcher.batch.run_batch: encode, greedy hint, CP-SAT, validation) at S, M, L.

Each case runs in a child process (benchmarks.cpsat_child) for a clean peak RSS of the
whole job; the benchmark time is the child's wall time, the solver figures come from its
summary. Time to 1% gap merges the Progress callback of solver.solve with the bound lines
of CP-SAT's search log. Targets (2 workers): S proven optimal in 5 s; M within 1% of the
best bound in 15 s and proven optimal in 60 s; L within 3% in 300 s with peak memory
3 GiB or less.
"""

from __future__ import annotations

import pytest

from benchmarks.children import run_cpsat
from benchmarks.instances import RESULTS_DIR, SOLVE_CASES, SOLVER_SEED, WORKERS

CASES = [pytest.param(c, id=c.id, marks=[pytest.mark.long] if c.long else []) for c in SOLVE_CASES]


@pytest.mark.parametrize("case", CASES)
def test_solve(benchmark, instances, results, case):
    programme_file = instances.programme_file(case.size)
    out = RESULTS_DIR / "runs" / f"cpsat-{case.id}"
    record = benchmark.pedantic(
        run_cpsat,
        args=(programme_file, out, case.limit_s, WORKERS, SOLVER_SEED),
        rounds=1,
        iterations=1,
    )
    record["time_s"] = record.get("solve_s")
    benchmark.extra_info.update(record)
    results.add("cpsat", case.size, case.limit_s, record)
    assert record["status"] in ("optimal", "feasible"), record.get("error")
    assert record["validator_ok"], "run_batch returned a plan the validator rejects"
    assert record["validator_objective"] == record["objective"]
