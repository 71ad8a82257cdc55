"""Peak resident memory and CPU time of the current process (no solver imports).

ru_maxrss is not used on Linux: it survives fork + exec, so a child launched from a
large parent would report the parent's size. VmHWM (/proc/self/status) belongs to the
process's own address space and starts afresh at exec.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mib() -> float:
    """Peak resident set size of this process in MiB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process (all threads) and of its finished children
    (the whole-LP bound process at L): divided by wall time and workers it shows how much
    of the machine a run really had."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
