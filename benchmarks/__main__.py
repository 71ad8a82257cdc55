"""One command for the whole benchmark table of the batch core:

    .venv/bin/python -m benchmarks            # quick set (about 10-15 minutes, 2 cores)
    .venv/bin/python -m benchmarks --long     # also M 60 s and L 300 s (about 15 more)

Runs encoding, greedy, the unpruned LP bound, the batch job (the CLI's path), HiGHS with and
without a start, SCIP and the service path, each case's runs back to back, and prints the
table, the load average and every target check (also written to
benchmarks/results/latest.json). Extra arguments go to pytest (e.g. `-k "S-5s"`).
"""

from __future__ import annotations

import sys

import pytest

FILES = [
    "benchmarks/test_bench_encoding.py",
    "benchmarks/test_bench_greedy.py",
    "benchmarks/test_bench_unpruned.py",
    "benchmarks/test_bench_solve.py",
    "benchmarks/test_bench_highs.py",
    "benchmarks/test_bench_service.py",
]


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--long"]
    long = ["--run-long"] if "--long" in argv else []
    return int(
        pytest.main([*FILES, "-p", "no:cacheprovider", "--benchmark-only", "-q", *long, *args])
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
