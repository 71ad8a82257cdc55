"""The service killed mid-job (SIGKILL) and restarted: the store is intact, the job shows
failed and can be resubmitted, and no orphaned worker keeps solving."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from service_helpers import MANAGER_TOKEN, free_port, start_server

HEADERS = {"X-API-Key": MANAGER_TOKEN}


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (from /proc, so no psutil needed)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_status(client: httpx.Client, run_id: str, wanted: set[str], timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.get(f"/runs/{run_id}").json()
        if run["status"] in wanted:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} is {run['status']}, not {wanted}: {run.get('error')}")


def check_after_restart(base: str, run_id: str, pid: int) -> None:
    """The run shows failed, the programme is whole, and the run can be resubmitted."""
    with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:
        assert client.get("/health").json()["interrupted_at_start"] == 1
        run = client.get(f"/runs/{run_id}").json()
        assert run["status"] == "failed" and "interrupted" in run["error"]
        again = client.get(f"/programmes/{pid}").json()
        assert (again["peer_count"], again["challenge_count"]) == (600, 120)
        assert client.get(f"/programmes/{pid}/peers").json()["total"] == 600
        retry = client.post(f"/runs/{run_id}/resubmit")
        assert retry.status_code == 202
        new_id = retry.json()["run_id"]
        wait_status(client, new_id, {"running"}, 30)
        assert client.delete(f"/runs/{new_id}").json()["status"] == "cancelled"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_server_leaves_a_failed_job_and_an_intact_store(tmp_path, data_zips):
    home, log, port = tmp_path / "home", tmp_path / "server.log", free_port()
    server = start_server(home, port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:
            with data_zips["S"].open("rb") as handle:
                programme = client.post("/programmes", files={"file": ("S.zip", handle)}).json()
            pid = programme["programme_id"]
            run_id = client.post(f"/programmes/{pid}/runs", json={"time_limit_s": 120}).json()[
                "run_id"
            ]
            wait_status(client, run_id, {"running"}, 30)
            workers = descendants(server.pid)
            assert workers, "the job should run in a worker process"
            server.send_signal(signal.SIGKILL)
            server.wait(10)
        deadline = time.monotonic() + 10
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {p: Path(f"/proc/{p}/cmdline").read_bytes()[:200] for p in workers if alive(p)}
        assert not left, f"orphaned workers kept running: {left}"

        server = start_server(home, port, log)
        check_after_restart(base, run_id, pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
