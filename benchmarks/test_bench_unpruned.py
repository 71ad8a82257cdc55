"""The LP bound of the *unpruned* model: the limit no plan can beat, whatever pruning keeps.

The programme is encoded with every eligible candidate (top_k=None) and the LP relaxation
of the same MIP as the baselines is solved by HiGHS in a child (benchmarks.highs_baseline
--lp). The report sets every plan of the size against it (`gap to unpruned LP`), with the
unpruned model's constant part, so a loss hidden by pruning would show. Not at L: its 7.2
million candidate pairs make a model of tens of millions of columns.
"""

from __future__ import annotations

import pytest

from benchmarks.children import run_mip
from benchmarks.instances import RESULTS_DIR, UNPRUNED_LP_LIMIT_S, UNPRUNED_SIZES, WORKERS


@pytest.mark.parametrize("size", UNPRUNED_SIZES)
def test_unpruned_lp(benchmark, instances, results, size):
    problem_file = instances.unpruned_problem_file(size)
    out = RESULTS_DIR / "runs" / f"lp-unpruned-{size}"
    args = ["--threads", str(WORKERS), "--lp"]
    record = benchmark.pedantic(
        run_mip,
        args=("benchmarks.highs_baseline", problem_file, out, UNPRUNED_LP_LIMIT_S, args, 0),
        rounds=1,
        iterations=1,
    )
    record.update(
        time_s=record.get("solve_s"),
        status="optimal" if record.get("bound") is not None else "no answer",
        cgap=None,
        t_cgap_1pct=None,
    )
    benchmark.extra_info.update(record)
    results.add("lp-unpruned", size, None, record)
    assert record["bound"] is not None, record.get("error") or record.get("solver_status")
