"""Benchmark instances and cases: generated programmes S, M, L (seed 1) over the real councils.

Everything expensive is built once per session and shared by the benchmarks: the
programme, its encoding (kept from the encoding benchmark when it ran first), the greedy
plan, and the pickles handed to the child processes (the programme for CP-SAT, the
MatchingProblem with the greedy plan as hint for HiGHS). generate_programme depends only
on (size, seed, councils), so every run sees the same instances.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np

from matcher.councils import CouncilRegistry
from matcher.encoding.encode import Encoding, encode
from matcher.generate import generate_programme
from matcher.programme import Programme
from matcher.settings import AppSettings

RESULTS_DIR = Path(__file__).resolve().parent / "results"
"""Figures, child logs and pickles (gitignored)."""
SEED = 1
"""Instance seed (generate_programme)."""
SIZES = ("S", "M", "L")
WORKERS = 2
"""Solver workers / HiGHS threads: the targets are for 2 workers on a 2-core machine."""
SOLVER_SEED = 0


BASELINES = ("highs", "highs-nostart", "scip")
"""HiGHS with the greedy plan as start, HiGHS without a start, SCIP (no start)."""


@dataclass(frozen=True)
class SolveCase:
    size: str
    limit_s: float
    long: bool = False
    """Long cases run only with --run-long or PEERMATCH_BENCH_LONG=1."""
    benches: tuple[str, ...] = ("cpsat", *BASELINES)
    """Which runs the case gets: `cpsat` (the batch job, as the CLI runs it), the MIP
    baselines, `service` (a run through the API with its default options)."""

    @property
    def id(self) -> str:
        return f"{self.size}-{self.limit_s:g}s"


SOLVE_CASES = (
    SolveCase("S", 5.0),
    SolveCase("M", 15.0),
    SolveCase("S", 10.0, benches=("cpsat", "service")),
    SolveCase("L", 30.0, benches=("cpsat",)),
    SolveCase("M", 60.0, long=True),
    SolveCase("L", 300.0, long=True, benches=("cpsat", "highs")),
)
UNPRUNED_SIZES = ("S", "M")
"""Sizes whose unpruned model gets an LP bound (L's 7.2 M candidate pairs do not fit)."""
UNPRUNED_LP_LIMIT_S = 300.0


def cases_for(bench: str) -> list[SolveCase]:
    return [case for case in SOLVE_CASES if bench in case.benches]


class Instances:
    """Session cache of programmes, encodings, greedy plans and child-process inputs."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self._programmes: dict[str, Programme] = {}
        self._encodings: dict[str, Encoding] = {}
        self._greedy: dict[str, np.ndarray] = {}
        self._files: dict[tuple[str, str], Path] = {}

    @cached_property
    def registry(self) -> CouncilRegistry:
        return CouncilRegistry.from_data_dir(AppSettings().data_dir)

    def programme(self, size: str) -> Programme:
        if size not in self._programmes:
            self._programmes[size] = generate_programme(size, SEED, self.registry)
        return self._programmes[size]

    def encoding(self, size: str) -> Encoding:
        if size not in self._encodings:
            self._encodings[size] = encode(self.programme(size))
        return self._encodings[size]

    def keep_encoding(self, size: str, enc: Encoding) -> None:
        self._encodings[size] = enc

    def greedy(self, size: str) -> np.ndarray:
        """The greedy plan on the session's encoding (computed here if not benchmarked)."""
        if size not in self._greedy:
            from solver.greedy import greedy

            self._greedy[size] = greedy(self.encoding(size).problem)
        return self._greedy[size]

    def keep_greedy(self, size: str, items: np.ndarray) -> None:
        self._greedy[size] = items

    def programme_file(self, size: str) -> Path:
        """The programme, pickled for the CP-SAT child."""
        return self._pickle(("programme", size), lambda: self.programme(size))

    def problem_file(self, size: str) -> Path:
        """The encoded problem with the greedy plan as hint, pickled for the HiGHS child."""

        def problem():
            return replace(self.encoding(size).problem, hint_items=self.greedy(size))

        return self._pickle(("problem", size), problem)

    def unpruned_problem_file(self, size: str) -> Path:
        """The same programme encoded without top-k pruning, for the unpruned LP bound."""
        return self._pickle(("unpruned", size), lambda: encode(self.programme(size), None).problem)

    def constant(self, size: str) -> int:
        """The objective's constant part of the (pruned) model every solver is given."""
        from solver.measure import objective_constant

        return objective_constant(self.encoding(size).problem)

    def _pickle(self, key: tuple[str, str], make) -> Path:
        if key not in self._files:
            path = self.workdir / f"{key[0]}_{key[1]}.pkl"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as f:
                pickle.dump(make(), f, protocol=pickle.HIGHEST_PROTOCOL)
            self._files[key] = path
        return self._files[key]
