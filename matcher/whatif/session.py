"""A what-if run end to end: scenario file -> programmes -> solves -> report folder.

    spec = load_scenarios(Path("plan.toml"))
    report = run_whatif(spec, base, out=Path("whatif-out"), source="plan.toml")

`run_whatif` derives every scenario first (errors before any solving), solves them on the
chosen engine, then writes: the side-by-side tables (CSV and whatif.xlsx), summary.md,
charts/*.png and scenarios/<name>/ with each plan's FORMAT.md result files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from matcher.batch.outputs import write_results
from matcher.programme import Programme
from matcher.whatif import report_tables
from matcher.whatif.apply import DerivedScenario, derive_all
from matcher.whatif.report_md import summary_markdown
from matcher.whatif.runner import Listener, ScenarioRun, ScenarioTask, run_pool, run_serial
from matcher.whatif.scenario_models import RunSpec, ScenarioFile
from solver.solve import SolveParams

SERIAL = "serial"
POOL = "pool"


@dataclass
class WhatIfReport:
    runs: list[ScenarioRun]
    tables: dict
    files: dict[str, Path]
    engine: str
    wall_s: float = 0.0


def make_tasks(derived: list[DerivedScenario], spec: ScenarioFile) -> list[ScenarioTask]:
    """One task per scenario; every solve has the same time limit and seed, one worker."""
    run = spec.run
    params = SolveParams(time_limit_s=run.time_limit_s, workers=1, seed=run.seed)
    analysis = SolveParams(time_limit_s=run.analysis_time_limit_s, workers=1, seed=run.seed)
    return [
        ScenarioTask(
            d.name,
            d.programme,
            params,
            d.description,
            d.notes,
            run.analysis,
            analysis,
            spec.recruitment,
            run.verify_recruitment,
        )
        for d in derived
    ]


def engine_of(run: RunSpec, engine: str | None = None) -> str:
    """Explicit engine, else Dask when a cluster is given, else the local pool."""
    if engine:
        return engine
    return "dask" if run.cluster else (POOL if run.processes > 1 else SERIAL)


def solve_all(
    tasks: list[ScenarioTask], run: RunSpec, engine: str, listener: Listener | None = None
) -> list[ScenarioRun]:
    if engine == SERIAL:
        return run_serial(tasks, listener)
    if engine == POOL:
        return run_pool(tasks, run.processes, listener)
    from matcher.whatif.distributed import run_dask

    return run_dask(tasks, run.cluster or "local", run.processes, listener)


def write_report(
    out: Path,
    spec: ScenarioFile,
    source: str,
    derived: list[DerivedScenario],
    runs: list[ScenarioRun],
) -> tuple[dict, dict[str, Path]]:
    """Tables, workbook, charts, summary.md and each scenario's plan into `out`."""
    from matcher.batch.workbook import write_people_workbook
    from matcher.io import write_tables

    tables = report_tables.all_tables(runs)
    write_tables(tables, out)
    about = [
        (
            "What this is",
            f"What-if plan '{spec.title}': each scenario's programme solved with "
            "the same rules, side by side (docs/whatif.md).",
        ),
        ("Scenario file", source),
        ("Scenarios", ", ".join(run.name for run in runs)),
        (
            "How to read it",
            "comparison: one row per scenario; unfilled_by: unfilled seats by "
            "region, type, month, party; recruitment: the smallest recruitment that fills them; "
            "cap_exceptions: day-cap exceptions (H4) that would need approval.",
        ),
    ]
    write_people_workbook(out / "whatif.xlsx", about, tables)
    files = {name: out / f"{name}.csv" for name in tables} | {"workbook": out / "whatif.xlsx"}
    pngs = _charts(tables, out)
    files |= pngs
    params = {
        "time limit": f"{spec.run.time_limit_s:g} s",
        "seed": spec.run.seed,
        "CP-SAT workers": 1,
    }
    text = summary_markdown(
        spec.title, source, params, runs, tables, {k: f"charts/{p.name}" for k, p in pngs.items()}
    )
    (out / "summary.md").write_text(text, encoding="utf-8")
    files["summary"] = out / "summary.md"
    programmes: dict[str, Programme] = {d.name: d.programme for d in derived}
    for run in runs:
        if run.result is not None and run.error is None:
            write_results(programmes[run.name], run.result, out / "scenarios" / run.name)
    return tables, files


def _charts(tables: dict, out: Path) -> dict[str, Path]:
    """The PNG charts; without matplotlib installed the rest of the report still comes."""
    try:
        from matcher.whatif import charts
    except ImportError:
        return {}
    return charts.write_charts(tables, out / "charts")


def run_whatif(
    spec: ScenarioFile,
    base: Programme,
    out: Path,
    *,
    source: str = "scenarios",
    engine: str | None = None,
    listener: Listener | None = None,
) -> WhatIfReport:
    """Derive, solve and report every scenario (module docstring)."""
    started = time.perf_counter()
    derived = derive_all(base, spec, source)
    chosen = engine_of(spec.run, engine)
    runs = solve_all(make_tasks(derived, spec), spec.run, chosen, listener)
    tables, files = write_report(Path(out), spec, source, derived, runs)
    return WhatIfReport(runs, tables, files, chosen, time.perf_counter() - started)
