"""The whole LP relaxation in a child process: the bound of problems too large for the
whole CP-SAT model (L), on the core the window LNS leaves free.

Why: above solver.solve.FULL_MODEL_MAX_ITEMS the bound used to come only from time blocks
computed up front (solver.bounds), which drop every overlap, day cap and share linking two
blocks, and the second core then sat idle for the rest of the run (L 300 s: 298 CPU
seconds used of 600). The whole LP links them all. Measured at L (368,522 items, load about
2): the whole LP gave 2,414,132 in 151 s, where 15 blocks gave 2,384,218 and 2 blocks
2,395,881 (the objective's constant part is 2,369,618). The LP solve holds the interpreter
(solver.lp_bound), so in a thread it would stall the LNS; a process runs beside it.

The child sends back one message, (bound or None, its peak resident MiB), and is ended when
the search stops first. Its peak memory is reported so the job's memory is stated whole.
"""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from solver.lp_bound import lp_bound
from solver.problem import MatchingProblem

WHOLE_LP_S_PER_ITEM = 4.5e-4
"""Seconds per item of the whole LP at L (151 s for 368,522 items, load about 2): the child
is started only when the time left covers it, otherwise it would only take a core."""
POLL_S = 0.2


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


def _child(problem: MatchingProblem, time_limit_s: float, conn) -> None:
    # Without the utilisation step cuts: the figures above are of the plain LP, which
    # already takes half of L 300 s; the cuts make every LP slower (solver.lp_bound).
    bound = lp_bound(problem, time_limit_s, step_cuts=False)
    conn.send((bound, _peak_mib()))
    conn.close()


class LpBoundProcess:
    """A bound worker for solver.hybrid.run_hybrid: the whole LP in a spawned process; a
    thread waits for its answer and raises the shared bound."""

    code = None
    """No CP-SAT status: an LP bound never proves infeasibility or optimality by itself."""

    def __init__(self, problem: MatchingProblem, time_limit_s: float, shared, notify):
        self.problem, self.time_limit_s = problem, time_limit_s
        self.shared, self.notify = shared, notify
        self.bound: float | None = None
        self.peak_mib: float | None = None
        self._stop = threading.Event()
        context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
        self._conn, child_conn = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_child, args=(problem, time_limit_s, child_conn), daemon=True
        )
        self._child_conn = child_conn
        self._thread = threading.Thread(target=self._wait, daemon=True)

    def start(self) -> None:
        self._process.start()
        self._child_conn.close()  # the parent keeps only its reading end
        self._thread.start()

    def _wait(self) -> None:
        while not self._stop.is_set():
            if self._conn.poll(POLL_S):
                try:
                    self.bound, self.peak_mib = self._conn.recv()
                except EOFError:  # the child died without an answer: no bound
                    return
                if self.bound is not None and self.shared.raise_bound(self.bound):
                    self.notify()
                return
            if not self._process.is_alive() and not self._conn.poll():
                return

    def stop(self) -> None:
        self._stop.set()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def join(self) -> None:
        self._thread.join()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._conn.close()
