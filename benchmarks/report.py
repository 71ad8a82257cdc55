"""Collect the session's figures, derive ratios and target checks, print and save them.

Records are dicts keyed by (bench, size, limit_s): bench is `encoding`, `greedy`,
`lp-unpruned`, `cpsat` (the batch job), `highs`, `highs-nostart`, `scip` or `service`;
limit_s is None for encoding, greedy and the unpruned LP. The terminal summary and
benchmarks/results/latest.json are built from the same `Results.payload()`.

Columns: `gap` = (objective - bound) / objective with the solver's own bound (of the pruned
model); `ctrl` = the same over (objective - constant part); `vs LP` = the controllable gap
to the unpruned model's LP bound, with the unpruned model's constant part; `t1%` = time to
a 1% controllable gap (the batch job counts from the job's start, encoding included; the
baselines from their solve's start); `wall` = the child process from start to exit.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

Key = tuple[str, str, float | None]

TABLE_COLUMNS = (
    ("bench", "{}", 13),
    ("case", "{}", 7),
    ("status", "{}", 9),
    ("objective", "{:,}", 10),
    ("bound", "{:,.0f}", 10),
    ("gap", "{:.2%}", 6),
    ("cgap", "{:.1%}", 6),
    ("ucgap", "{:.1%}", 6),
    ("t_cgap_1pct", "{:.1f}", 5),
    ("best_s", "{:.1f}", 5),
    ("time_s", "{:.1f}", 6),
    ("child_wall_s", "{:.1f}", 6),
    ("unfilled", "{}", 4),
    ("items", "{:,}", 8),
    ("peak_rss_mib", "{:,.0f}", 6),
    ("validator_ok", "{}", 5),
    ("load_1m", "{:.1f}", 4),
)
HEADERS = {
    "cgap": "ctrl",
    "ucgap": "vs LP",
    "best_s": "best",
    "t_cgap_1pct": "t1%",
    "time_s": "time",
    "child_wall_s": "wall",
    "unfilled": "empty",
    "peak_rss_mib": "MiB",
    "validator_ok": "valid",
    "load_1m": "load",
}
SOLVERS = ("cpsat", "highs", "highs-nostart", "scip", "service", "greedy")


class Results:
    def __init__(self) -> None:
        self.records: dict[Key, dict] = {}
        self.load_at_start: tuple[float, float, float] | None = None

    def add(self, bench: str, size: str, limit_s: float | None, record: dict) -> None:
        self.records[(bench, size, limit_s)] = {
            "bench": bench,
            "size": size,
            "limit_s": limit_s,
            **record,
        }

    def get(self, bench: str, size: str, limit_s: float | None = None) -> dict | None:
        return self.records.get((bench, size, limit_s))

    def checks(self) -> list[dict]:
        from benchmarks.targets import all_checks

        return all_checks(self)

    def derive(self) -> None:
        """Every plan against the unpruned LP bound of its size (`ucgap`), when measured."""
        from benchmarks.gaps import rel_gap

        for record in self.records.values():
            lp = self.get("lp-unpruned", record["size"])
            if record["bench"] in SOLVERS and lp and lp.get("bound") is not None:
                record["unpruned_lp_bound"] = lp["bound"]
                record["ucgap"] = rel_gap(record.get("objective"), lp["bound"], lp["constant"])

    def payload(self) -> dict:
        self.derive()
        return {
            "meta": _meta() | {"load_average_at_start": self.load_at_start},
            "records": list(self.records.values()),
            "checks": self.checks(),
        }


def _cell(record: dict, name: str, fmt: str, width: int) -> str:
    value = record.get(name)
    if name == "case":
        value = record["size"] + (f" {record['limit_s']:g}s" if record["limit_s"] else "")
    if value is None:
        text = "-"
    elif name == "gap" and value > 9.99:
        text = ">999%"
    else:
        try:
            text = fmt.format(value)
            if len(text) > width and isinstance(value, int | float):
                text = f"{value:.3g}"  # e.g. an early bound of -1.07e+09
        except (TypeError, ValueError):
            text = str(value)
    return text[:width].rjust(width)


def table_lines(results: Results) -> list[str]:
    """The compact table of every record, then one line per check."""
    results.derive()
    head = " ".join(HEADERS.get(n, n)[:w].rjust(w) for n, _, w in TABLE_COLUMNS)
    lines = [head, "-" * len(head)]
    for record in results.records.values():
        lines.append(" ".join(_cell(record, n, f, w) for n, f, w in TABLE_COLUMNS))
    start, end = (
        "-" if x is None else ", ".join(f"{v:.2f}" for v in x)
        for x in (results.load_at_start, os.getloadavg())
    )
    lines.append(f"load average (1, 5, 15 min) at start {start}, at end {end}")
    lines += ["", "ratios and targets:"]
    for check in results.checks():
        mark = {True: "met", False: "MISSED", None: "n/a"}[check["met"]]
        lines.append(
            f"  {check['name']:<44} {check['value']!s:>34}  target {check['target']:<8} {mark}"
        )
    return lines


def write_json(results: Results, folder: Path) -> Path:
    """latest.json plus a timestamped copy in `folder` (gitignored)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results.payload(), indent=2, default=str)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (folder / f"run-{stamp}.json").write_text(text)
    latest = folder / "latest.json"
    latest.write_text(text)
    return latest


def _meta() -> dict:
    def pkg(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
    ).stdout.strip()
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "commit": commit or None,
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "ortools": pkg("ortools"),
        "highspy": pkg("highspy"),
        "numpy": pkg("numpy"),
        "load_average_at_end": os.getloadavg(),
    }
