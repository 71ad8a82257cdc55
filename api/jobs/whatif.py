"""The what-if job inside a worker: derive every scenario from the stored programme,
solve them one after another (one CP-SAT worker each, as matcher.whatif's serial
engine), and summarise the side-by-side tables for the store.

Scenario documents are the scenario file of docs/whatif.md as JSON, without `base`:
the base is the stored programme (with the placement workflow applied). Tables naming
peers (cap exception proposals) go under `personal`, which only managers are shown.
"""

from __future__ import annotations

from typing import Any

from matcher.programme import Programme
from matcher.store.coltypes import jsonable
from matcher.whatif import derive_all, parse_scenarios
from matcher.whatif.report_tables import all_tables
from matcher.whatif.runner import run_serial
from matcher.whatif.scenario_models import ScenarioFile
from matcher.whatif.session import make_tasks

STORED_BASE = {"programme": "(the stored programme)"}
PERSONAL_TABLES = ("cap_exceptions",)


def scenario_file(document: dict[str, Any]) -> ScenarioFile:
    """Validate a request's scenarios (ScenarioError lists every problem)."""
    return parse_scenarios({**document, "base": STORED_BASE}, source="request")


def run_whatif_job(programme: Programme, params: dict[str, Any], progress) -> dict[str, Any]:
    spec = scenario_file(params["scenarios"])
    derived = derive_all(programme, spec, source="request")
    names = [d.name for d in derived]

    def listen(event: tuple) -> None:
        kind, name = event[0], event[1]
        position = {
            "scenario": name,
            "scenario_index": names.index(name) + 1,
            "scenarios": len(names),
        }
        if kind == "start":
            progress.phase = "solving"
            progress.fields = position
        elif kind == "progress":
            progress.fields = position | {"objective": event[2], "gap": event[3]}
            progress.improvements += 1

    progress.phase = "encoding"
    runs = run_serial(make_tasks(derived, spec), listen)
    tables = {name: frame.to_dict("records") for name, frame in all_tables(runs).items()}
    errors = {run.name: run.error for run in runs if run.error}
    return jsonable(
        {
            "kind": "whatif",
            "title": spec.title,
            "scenarios": [
                {"name": d.name, "description": d.description, "notes": list(d.notes)}
                for d in derived
            ],
            "errors": errors,
            "tables": {k: v for k, v in tables.items() if k not in PERSONAL_TABLES},
            "personal": {k: tables[k] for k in PERSONAL_TABLES if k in tables},
        }
    )
