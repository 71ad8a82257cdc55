"""Server time to render the year view for a generated M programme (target 1 s or less).

On demand only (it generates M and solves it for 20 s):
    PEERMATCH_WEB_PERF=1 .venv/bin/python -m pytest tests/web/test_year_view_m.py -s
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.skipif(
    not os.environ.get("PEERMATCH_WEB_PERF"), reason="on demand: PEERMATCH_WEB_PERF=1"
)
TOKEN = "pm_web-test-manager-token"
PEERMATCH = Path(sys.executable).with_name("peermatch")


def test_year_view_render_time_m(server, tmp_path):
    subprocess.run(
        [
            str(PEERMATCH),
            "generate",
            "--size",
            "M",
            "--seed",
            "1",
            "--xlsx",
            "--out",
            str(tmp_path / "M"),
        ],
        check=True,
        capture_output=True,
    )
    key = {"X-API-Key": TOKEN}
    with (tmp_path / "M" / "programme.xlsx").open("rb") as handle:
        stored = httpx.post(
            server + "/programmes",
            files={"file": ("M.xlsx", handle)},
            data={"name": "M"},
            headers=key,
            timeout=120,
        )
    assert stored.status_code == 201, stored.text
    pid = stored.json()["programme_id"]
    run = httpx.post(
        f"{server}/programmes/{pid}/runs", json={"time_limit_s": 20}, headers=key
    ).json()["run_id"]
    while httpx.get(f"{server}/runs/{run}", headers=key).json()["status"] not in (
        "done",
        "failed",
        "cancelled",
    ):
        time.sleep(0.5)
    with httpx.Client(base_url=server, timeout=30) as client:
        form = client.get("/signin")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        signed = client.post(
            "/signin",
            data={"key": TOKEN, "csrf_token": csrf},
            cookies={"pm_signin": form.cookies["pm_signin"]},
        )
        session = signed.history[0].cookies["pm_session"] if signed.history else None
        session = session or client.cookies.get("pm_session")
        walls, servers = [], []
        for _ in range(5):
            started = time.perf_counter()
            page = client.get(f"/year?programme={pid}", cookies={"pm_session": session})
            walls.append(time.perf_counter() - started)
            servers.append(int(re.search(r"Page built in (\d+) ms", page.text).group(1)))
    print(
        f"\nyear view, M: server {statistics.median(servers)} ms median "
        f"(min {min(servers)}, max {max(servers)}), wall {1000 * statistics.median(walls):.0f}"
        f" ms median, {len(page.text) // 1024} KiB"
    )
    assert statistics.median(walls) <= 1.0
