"""A bounded load test on loopback: shortlist requests at concurrency 8 against sample M
(300 challenges, 2,000 peers), through a real `peermatch serve`, reporting p50/p95.

Default run: 80 requests (a few seconds). The issue's full figure, 400 requests:
    PEERMATCH_LOAD_FULL=1 .venv/bin/python -m pytest tests/api/test_api_load.py -s
Traffic goes to 127.0.0.1 only, and the loop is bounded in count and time.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle, islice

import httpx
from service_helpers import (
    MANAGER_TOKEN,
    free_port,
    sample_programme,
    start_server,
    stop_server,
    zip_folder,
)

CONCURRENCY = 8
REQUESTS = 400 if os.environ.get("PEERMATCH_LOAD_FULL") == "1" else 80
DEADLINE_S = 120


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fire(base: str, paths: list[str]) -> tuple[list[float], list[str]]:
    """Send every POST from CONCURRENCY threads, each with its own keep-alive client."""
    started = time.monotonic()
    latencies: list[float] = []
    errors: list[str] = []
    local = threading.local()
    clients: list[httpx.Client] = []

    def one(path: str) -> None:
        if time.monotonic() - started > DEADLINE_S:
            errors.append(f"{path}: skipped, past the {DEADLINE_S} s deadline")
            return
        if not hasattr(local, "client"):
            local.client = httpx.Client(
                base_url=base, timeout=30, headers={"X-API-Key": MANAGER_TOKEN}
            )
            clients.append(local.client)
        t0 = time.perf_counter()
        answer = local.client.post(path, json={"k": 3})
        latencies.append(time.perf_counter() - t0)
        if answer.status_code != 200 or not answer.json()["options"]:
            errors.append(f"{path}: {answer.status_code} {answer.text[:200]}")

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, paths))
    for client in clients:
        client.close()
    return latencies, errors


def test_shortlist_latency_at_concurrency_8_against_m(tmp_path, capsys):
    folder = sample_programme(tmp_path / "M", size="M", seed=1)
    archive = zip_folder(folder, tmp_path / "M.zip")
    port, log = free_port(), tmp_path / "server.log"
    server = start_server(tmp_path / "home", port, log, PEERMATCH_MAX_SYNC_SOLVES="8")
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(
            base_url=base, headers={"X-API-Key": MANAGER_TOKEN}, timeout=60
        ) as client:
            with archive.open("rb") as handle:
                pid = client.post("/programmes", files={"file": ("M.zip", handle)}).json()[
                    "programme_id"
                ]
            challenges = client.get(f"/programmes/{pid}/challenges", params={"limit": 40}).json()[
                "items"
            ]
            paths = [
                f"/programmes/{pid}/challenges/{c['challenge_id']}/shortlist" for c in challenges
            ]
            assert client.post(paths[0], json={"k": 3}).status_code == 200  # warm the index
        wall = time.perf_counter()
        latencies, errors = fire(base, list(islice(cycle(paths), REQUESTS)))
        wall = time.perf_counter() - wall
    finally:
        stop_server(server)
    p50, p95 = percentile(latencies, 0.50) * 1000, percentile(latencies, 0.95) * 1000
    with capsys.disabled():
        print(
            f"\nload: {len(latencies)} shortlist requests against M at concurrency "
            f"{CONCURRENCY}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max "
            f"{max(latencies) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms, "
            f"{len(latencies) / wall:.1f} req/s, errors {len(errors)}",
            file=sys.stderr,
        )
    assert not errors, errors[:5]
    assert len(latencies) == REQUESTS
