"""What-if benchmarks at size M (never in the default run: benchmarks/ is not a testpath).

1. 16 scenarios on the local process pool with 2 processes (one CP-SAT worker each)
   against the same 16 tasks run one after another in this process, in the same run.
   Target: pool wall time <= 0.55 x serial wall time.
2. The recruitment model on M, on a squeezed pool that leaves many seats unfilled:
   within 60 s, reporting its status, bound and gap.

Run:
    .venv/bin/python -m pytest benchmarks/test_bench_whatif.py -p no:cacheprovider -s
Set PEERMATCH_BENCH_WHATIF_LIMIT to change the per-scenario time limit (default 15 s).
Figures go to benchmarks/results/whatif-*.json (not to the shared latest.json).
"""

from __future__ import annotations

import json
import os
import time

import pytest

from benchmarks.instances import RESULTS_DIR
from matcher.batch.job import run_batch
from matcher.generate import generate_programme
from matcher.io import reference_councils
from matcher.settings import AppSettings
from matcher.whatif import derive_all, parse_scenarios
from matcher.whatif.recruitment import analyse_gaps
from matcher.whatif.runner import run_pool, run_serial
from matcher.whatif.scenario_models import RecruitmentCost
from matcher.whatif.session import make_tasks
from solver.solve import SolveParams

LIMIT_S = float(os.environ.get("PEERMATCH_BENCH_WHATIF_LIMIT", "15"))
PROCESSES = 2
TARGET_RATIO = 0.55
RECRUITMENT_TARGET_S = 60.0


def sixteen() -> list[dict]:
    """Caps, pool cuts, demand, blackouts and rule settings: a typical planning sweep."""
    out = [
        {"name": f"member-cap-{d}", "change": [{"type": "day_cap", "kind": "member", "days": d}]}
        for d in (36, 32, 28, 24)
    ]
    out += [
        {"name": f"officer-cap-{d}", "change": [{"type": "day_cap", "kind": "officer", "days": d}]}
        for d in (25, 20)
    ]
    out += [
        {
            "name": f"short-{o}",
            "change": [{"type": "remove_peers", "group_office": o, "fraction": 0.4}],
        }
        for o in ("conservative", "labour", "liberal_democrat", "independent")
    ]
    out += [
        {
            "name": "more-cpcs",
            "change": [
                {
                    "type": "add_demand",
                    "challenge": "cpc",
                    "count": 40,
                    "months": ["2027-10", "2027-11"],
                }
            ],
        },
        {
            "name": "fewer-reviews",
            "change": [{"type": "remove_demand", "challenge": "progress_review"}],
        },
        {
            "name": "purdah",
            "change": [
                {
                    "type": "blackout",
                    "from": "2027-04-01",
                    "to": "2027-05-14",
                    "council_types": ["county"],
                }
            ],
        },
        {"name": "no-neighbour-rule", "change": [{"type": "settings", "neighbour_rule": False}]},
        {"name": "cheap-travel", "change": [{"type": "settings", "weights": {"S3": 0}}]},
        {"name": "lapsed-training", "change": [{"type": "remove_peers", "failing_training": True}]},
    ]
    return out


@pytest.fixture(scope="module")
def base():
    return generate_programme("M", 1, reference_councils(AppSettings().data_dir))


def _save(name: str, record: dict) -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"whatif-{name}.json"
    path.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\n{name}: {json.dumps(record, default=str)}\n(written to {path})")


def test_sixteen_scenarios_pool_vs_serial(base):
    spec = parse_scenarios(
        {
            "base": {"generate": {"size": "M"}},
            "scenario": sixteen(),
            "run": {"time_limit_s": LIMIT_S, "analysis_time_limit_s": 20},
        }
    )
    tasks = make_tasks(derive_all(base, spec)[1:], spec)  # the 16 scenarios, not the base
    assert len(tasks) == 16
    started = time.perf_counter()
    serial = run_serial(tasks)
    serial_s = time.perf_counter() - started
    started = time.perf_counter()
    pooled = run_pool(tasks, PROCESSES)
    pool_s = time.perf_counter() - started
    assert not [r.error for r in serial + pooled if r.error]
    ratio = pool_s / serial_s
    record = {
        "scenarios": 16,
        "time_limit_s": LIMIT_S,
        "processes": PROCESSES,
        "serial_s": round(serial_s, 1),
        "pool_s": round(pool_s, 1),
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "load_1m": os.getloadavg()[0],
        "unfilled": {r.name: r.headline["unfilled"] for r in pooled},
    }
    _save("pool", record)
    assert ratio <= TARGET_RATIO


SQUEEZES = {
    "moderate": [
        {"type": "day_cap", "kind": "member", "days": 16},
        {"type": "day_cap", "kind": "officer", "days": 16},
        {"type": "remove_peers", "group_office": "liberal_democrat", "lead": True, "fraction": 0.7},
        {"type": "remove_peers", "tags": ["chief_executive"], "region": "London"},
    ],
    "extreme": [
        {"type": "day_cap", "kind": "member", "days": 14},
        {"type": "day_cap", "kind": "officer", "days": 14},
        {"type": "remove_peers", "group_office": "liberal_democrat", "fraction": 0.6},
        {"type": "remove_peers", "tags": ["chief_executive"], "fraction": 0.5},
    ],
}


@pytest.mark.parametrize("case", list(SQUEEZES))
def test_recruitment_model_on_m(base, case):
    spec = parse_scenarios(
        {
            "base": {"generate": {"size": "M"}},
            "scenario": [{"name": case, "change": SQUEEZES[case]}],
        }
    )
    programme = derive_all(base, spec)[1].programme
    batch = run_batch(programme, SolveParams(time_limit_s=LIMIT_S, workers=2, seed=0))
    # Each gap model (cap exceptions, then recruitment) gets this limit; the target is
    # for the recruitment model's own solve. Two CP-SAT workers, as the batch benchmarks.
    params = SolveParams(time_limit_s=RECRUITMENT_TARGET_S - 5, workers=2, seed=0)
    started = time.perf_counter()
    analysis = analyse_gaps(programme, batch, RecruitmentCost(), params)
    wall = time.perf_counter() - started
    model = analysis.model["recruitment"]
    record = {
        "unfilled": len(batch.unfilled),
        "analysis_wall_s": round(wall, 1),
        **model,
        "recruits": analysis.recruit_count,
        "not_closable": len(analysis.not_closable),
        "exceptions": len(analysis.exceptions),
        "answer": analysis.sentence()[:400],
    }
    _save(f"recruitment-{case}", record)
    assert len(batch.unfilled) > 0
    assert model["seconds"] <= RECRUITMENT_TARGET_S
