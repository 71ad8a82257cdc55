"""The batch job (matcher.batch.run_batch: encode, greedy hint, LP, search, validation, repair).

Each case runs in a child process (benchmarks.cpsat_child) for a clean peak RSS of the
whole job; the figures come from its summary and its progress events, which run on the
job's clock (encoding included). `job_wall_s` is the whole run_batch call: the time limit
bounds it (target: limit + 5 s at every size).
"""

from __future__ import annotations

import pytest

from benchmarks.children import run_cpsat
from benchmarks.instances import RESULTS_DIR, SOLVER_SEED, WORKERS, cases_for

CASES = [
    pytest.param(c, id=c.id, marks=[pytest.mark.long] if c.long else []) for c in cases_for("cpsat")
]


@pytest.mark.parametrize("case", CASES)
def test_solve(benchmark, instances, results, case):
    programme_file = instances.programme_file(case.size)
    out = RESULTS_DIR / "runs" / f"cpsat-{case.id}"
    record = benchmark.pedantic(
        run_cpsat,
        args=(
            programme_file,
            out,
            case.limit_s,
            WORKERS,
            SOLVER_SEED,
            instances.constant(case.size),
        ),
        rounds=1,
        iterations=1,
    )
    record["time_s"] = record.get("job_wall_s")
    benchmark.extra_info.update(record)
    results.add("cpsat", case.size, case.limit_s, record)
    assert record["status"] in ("optimal", "feasible"), record.get("error")
    assert record["validator_ok"], "run_batch returned a plan the validator rejects"
    assert record["validator_objective"] == record["objective"]
