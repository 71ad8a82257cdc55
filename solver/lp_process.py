"""The whole LP relaxation in a child process: the bound of problems too large for the
whole CP-SAT model (L), on the core the window LNS leaves free.

Why: above solver.solve.FULL_MODEL_MAX_ITEMS the bound used to come only from time blocks
computed up front (solver.bounds), which drop every overlap, day cap and share linking two
blocks, and the second core then sat idle for the rest of the run (L 300 s: 298 CPU
seconds used of 600). The whole LP links them all. Measured at L (368,522 items, load about
2): the whole LP gave 2,414,132 in 151 s, where 15 blocks gave 2,384,218 and 2 blocks
2,395,881 (the objective's constant part is 2,369,618). The LP solve holds the interpreter
(solver.lp_bound), so in a thread it would stall the LNS; a process runs beside it.

The child gets the pickled problem on stdin and answers once on stdout, (bound or None, its
peak resident MiB); it is ended when the search stops first. Its peak memory is reported
so the job's memory is stated whole.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from pathlib import Path

from solver.lp_bound import lp_bound
from solver.problem import MatchingProblem

WHOLE_LP_S_PER_ITEM = 4.5e-4
"""Seconds per item of the whole LP at L (151 s for 368,522 items, load about 2): the child
is started only when the time left covers it, otherwise it would only take a core."""


def whole_lp_fits(problem: MatchingProblem, time_left_s: float) -> bool:
    """Whether the whole LP is expected to finish in the time left."""
    return time_left_s >= WHOLE_LP_S_PER_ITEM * problem.n_items


def _peak_mib() -> float | None:
    """This process's peak resident size (VmHWM), or None where /proc is missing."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


class LpBoundProcess:
    """A bound worker for solver.hybrid.run_hybrid: the whole LP in a child interpreter;
    a thread hands it the problem, waits for its answer and raises the shared bound.

    A plain subprocess rather than multiprocessing: the service runs each job in a daemonic
    process (api.jobs), and daemonic processes may not have multiprocessing children."""

    code = None
    """No CP-SAT status: an LP bound never proves infeasibility or optimality by itself."""

    def __init__(self, problem: MatchingProblem, time_limit_s: float, shared, notify):
        self.problem, self.time_limit_s = problem, time_limit_s
        self.shared, self.notify = shared, notify
        self.bound: float | None = None
        self.peak_mib: float | None = None
        self._process: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "solver.lp_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._thread.start()

    def _run(self) -> None:
        process = self._process
        try:
            pickle.dump((self.problem, self.time_limit_s), process.stdin, pickle.HIGHEST_PROTOCOL)
            process.stdin.close()
            answer = process.stdout.read()
        except (BrokenPipeError, OSError, ValueError):  # ended by stop() or died: no bound
            return
        try:
            self.bound, self.peak_mib = pickle.loads(answer)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return  # ended before it answered
        if self.bound is not None and self.shared.raise_bound(self.bound):
            self.notify()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def join(self) -> None:
        self._thread.join()
        if self._process is not None:
            self._process.wait()
            self._process.stdout.close()


def main() -> None:
    """The child: read (problem, time limit) on stdin, answer (bound or None, peak MiB).

    Without the utilisation step cuts: the figures above are of the plain LP, which already
    takes half of L 300 s; the cuts make every LP slower (solver.lp_bound)."""
    problem, time_limit_s = pickle.load(sys.stdin.buffer)
    bound = lp_bound(problem, time_limit_s, step_cuts=False)
    pickle.dump((bound, _peak_mib()), sys.stdout.buffer, pickle.HIGHEST_PROTOCOL)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
