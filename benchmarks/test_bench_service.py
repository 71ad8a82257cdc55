"""The service path: a run through the API with its default options, beside the CLI's.

The same S programme is uploaded to a fresh app (SQLite store in a temporary home) and a
run is started with only `time_limit_s` set, as the year-view button does; the job runs in
the service's own worker process. The figures come from the stored summary, so they are
what a manager sees. Target: the same status and gap as the batch job (`cpsat`, the CLI's
path) at the same limit, in the same session.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from benchmarks.instances import RESULTS_DIR, cases_for
from matcher.io import save_programme

TOKEN = "pm_bench-manager-token"
CASES = [
    pytest.param(c, id=c.id, marks=[pytest.mark.long] if c.long else [])
    for c in cases_for("service")
]


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


def run_service(programme, limit_s: float, home: Path) -> dict:
    """Upload, start a run with default options and `limit_s`, wait, read the summary."""
    from api.app import create_app
    from api.settings import ServiceSettings

    settings = ServiceSettings(home=home, db_url=None, bootstrap_key=TOKEN)
    archive = _zip(save_programme(programme, home / "programme"), home / "programme.zip")
    headers = {"X-API-Key": TOKEN}
    with TestClient(create_app(settings)) as client, archive.open("rb") as handle:
        answer = client.post("/programmes", files={"file": ("p.zip", handle)}, headers=headers)
        assert answer.status_code == 201, answer.text
        programme_id = answer.json()["programme_id"]
        t0 = time.monotonic()
        answer = client.post(
            f"/programmes/{programme_id}/runs", json={"time_limit_s": limit_s}, headers=headers
        )
        assert answer.status_code == 202, answer.text
        run_id = answer.json()["run_id"]
        while True:
            body = client.get(f"/runs/{run_id}", headers=headers).json()
            if body["status"] in ("done", "failed", "cancelled"):
                break
            assert time.monotonic() - t0 < 3 * limit_s + 120, f"run still {body['status']}"
            time.sleep(0.2)
        wall = time.monotonic() - t0
    s = body.get("summary") or {}
    return {
        "status": s.get("status", body["status"]),
        "run_status": body["status"],
        "objective": s.get("objective"),
        "bound": s.get("best_bound"),
        "gap": s.get("gap"),
        "cgap": s.get("controllable_gap"),
        "constant": s.get("objective_constant"),
        "unfilled": (s.get("counts") or {}).get("unfilled"),
        "job_wall_s": wall,
        "error": body.get("error"),
    }


@pytest.mark.parametrize("case", CASES)
def test_service(benchmark, instances, results, tmp_path, case):
    load = os.getloadavg()[0]
    record = benchmark.pedantic(
        run_service,
        args=(instances.programme(case.size), case.limit_s, tmp_path / "home"),
        rounds=1,
        iterations=1,
    )
    record.update(time_s=record["job_wall_s"], load_1m=load, out=str(RESULTS_DIR))
    benchmark.extra_info.update(record)
    results.add("service", case.size, case.limit_s, record)
    assert record["run_status"] == "done", record.get("error")
