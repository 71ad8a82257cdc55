"""Collect the session's figures, derive ratios and target checks, print and save them.

Records are dicts keyed by (bench, size, limit_s): bench is `encoding`, `greedy`, `cpsat`
(the batch job) or `highs`; limit_s is None for encoding and greedy. The terminal summary
and benchmarks/results/latest.json are built from the same `Results.payload()`.
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
    ("bench", "{}", 8),
    ("case", "{}", 7),
    ("status", "{}", 10),
    ("objective", "{:,}", 11),
    ("bound", "{:,.0f}", 11),
    ("gap", "{:.2%}", 7),
    ("first_s", "{:.1f}", 7),
    ("best_s", "{:.1f}", 7),
    ("t_gap_1pct", "{:.1f}", 7),
    ("time_s", "{:.1f}", 7),
    ("pairs", "{:,}", 9),
    ("items", "{:,}", 9),
    ("peak_rss_mib", "{:,.0f}", 7),
    ("validator_ok", "{}", 5),
    ("load_1m", "{:.1f}", 4),
)
HEADERS = {
    "first_s": "first",
    "best_s": "best",
    "t_gap_1pct": "t1%",
    "time_s": "time",
    "peak_rss_mib": "MiB",
    "validator_ok": "valid",
    "load_1m": "load",
}


class Results:
    def __init__(self) -> None:
        self.records: dict[Key, dict] = {}

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

    def payload(self) -> dict:
        return {"meta": _meta(), "records": list(self.records.values()), "checks": self.checks()}


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
    head = " ".join(HEADERS.get(n, n)[:w].rjust(w) for n, _, w in TABLE_COLUMNS)
    lines = [head, "-" * len(head)]
    for record in results.records.values():
        lines.append(" ".join(_cell(record, n, f, w) for n, f, w in TABLE_COLUMNS))
    lines += ["", "ratios and targets:"]
    for check in results.checks():
        mark = {True: "met", False: "MISSED", None: "n/a"}[check["met"]]
        lines.append(
            f"  {check['name']:<44} {check['value']:>22}  target {check['target']:<12} {mark}"
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
