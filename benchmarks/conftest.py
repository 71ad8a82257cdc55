"""Benchmark session setup: the long-run switch, shared instances, and the final report.

Run with `.venv/bin/python -m pytest benchmarks -p no:cacheprovider --benchmark-only`
(see benchmarks/README.md). Cases marked `long` (M at 60 s, L at 300 s) are skipped unless
`--run-long` or PEERMATCH_BENCH_LONG=1. At the end of the session a table of every figure,
the ratios and the target checks is printed and written to benchmarks/results/latest.json.
"""

from __future__ import annotations

import os

import pytest

from benchmarks.instances import BASELINES, RESULTS_DIR, SIZES, SOLVE_CASES, Instances
from benchmarks.report import Results, table_lines, write_json

_RESULTS = pytest.StashKey[Results]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("peermatch benchmarks")
    group.addoption(
        "--run-long",
        action="store_true",
        default=False,
        help="also run the long cases (M 60 s, L 300 s); or PEERMATCH_BENCH_LONG=1",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "long: long benchmark case, needs --run-long")
    config.stash[_RESULTS] = Results()
    config.stash[_RESULTS].load_at_start = os.getloadavg()


def run_long(config: pytest.Config) -> bool:
    return bool(config.getoption("--run-long")) or os.environ.get(
        "PEERMATCH_BENCH_LONG", ""
    ) not in ("", "0")


_SIZE_MODULES = ("test_bench_encoding.py", "test_bench_greedy.py", "test_bench_unpruned.py")
_CASE_MODULES = ("test_bench_solve.py", "test_bench_highs.py", "test_bench_service.py")
_RUN_ORDER = ("cpsat", *BASELINES, "service")


def _order(item: pytest.Item) -> tuple:
    """Encoding, greedy and the unpruned LP per size, then per solve case the batch job, the
    baselines and the service back to back, so that all runs of a case meet similar load
    from other work on the machine."""
    params = getattr(item, "callspec", None)
    params = params.params if params else {}
    module = item.nodeid.split("::")[0].rsplit("/", 1)[-1]
    if module in _CASE_MODULES and "case" in params:
        bench = params.get("bench") or ("service" if "service" in module else "cpsat")
        return (3, SOLVE_CASES.index(params["case"]), _RUN_ORDER.index(bench))
    if module in _SIZE_MODULES and "size" in params:
        return (_SIZE_MODULES.index(module), SIZES.index(params["size"]), 0)
    return (4, 0, 0)  # other benchmarks keep their order, after these


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_order)
    if run_long(config):
        return
    skip = pytest.mark.skip(reason="long case: pass --run-long or set PEERMATCH_BENCH_LONG=1")
    for item in items:
        if "long" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def instances() -> Instances:
    return Instances(RESULTS_DIR / "work")


@pytest.fixture(scope="session")
def results(pytestconfig: pytest.Config) -> Results:
    return pytestconfig.stash[_RESULTS]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    results = config.stash.get(_RESULTS, None)
    if not results or not results.records:
        return
    terminalreporter.section("peermatch benchmark figures")
    for line in table_lines(results):
        terminalreporter.write_line(line)
    path = write_json(results, RESULTS_DIR)
    terminalreporter.write_line(f"\nwritten to {path}")
