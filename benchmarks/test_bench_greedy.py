"""Greedy baseline ("hardest seat first, best eligible peer") on the session's encoding.

Objective by solver.evaluate; the plan is decoded and must pass the independent validator
with the same objective. The ratio peermatch / greedy (target <= 0.85 on M and L) is
formed in the final report against the CP-SAT runs of the same session.
"""

from __future__ import annotations

import pytest

from benchmarks.instances import SIZES
from matcher.encoding.decode import assignments_from_items
from matcher.validation import validate
from solver.evaluate import evaluate, objective
from solver.greedy import greedy


@pytest.mark.parametrize("size", SIZES)
def test_greedy(benchmark, instances, results, size):
    enc = instances.encoding(size)
    items = benchmark.pedantic(greedy, args=(enc.problem,), rounds=1, iterations=1)
    broken, penalties = evaluate(enc.problem, items)
    report = validate(enc.programme, assignments_from_items(enc, items))
    record = {
        "time_s": benchmark.stats.stats.max,
        "status": "ok" if not broken else "broken",
        "objective": objective(penalties),
        "broken": broken,
        "validator_ok": report.ok,
        "validator_objective": report.score.total,
        "pairs": enc.problem.n_pairs,
        "items": enc.problem.n_items,
        "chosen": len(items),
        "unfilled": enc.problem.n_seats - len(items),
    }
    benchmark.extra_info.update(record)
    results.add("greedy", size, None, record)
    instances.keep_greedy(size, items)
    assert not broken, broken
    assert report.ok, report.summary()
    assert report.score.total == record["objective"]
