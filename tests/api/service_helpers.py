"""Helpers for the service tests (importable: pytest puts tests/api on sys.path)."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from paths import TESTS_DIR, TINY_PROGRAMME

from api.settings import ServiceSettings
from matcher.generate import generate_programme
from matcher.io import reference_councils, save_programme
from matcher.settings import AppSettings

PEERMATCH = Path(sys.executable).with_name("peermatch")
TESTS = TESTS_DIR
TINY = TINY_PROGRAMME
MANAGER_TOKEN = "pm_test-manager-token"


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
    return target


def small_programme(folder: Path, challenges: int = 6, seed: int = 7) -> Path:
    """The first `challenges` non-follow-up challenges of sample S, all 600 peers."""
    registry = reference_councils(AppSettings().data_dir)
    programme = generate_programme("S", seed, registry)
    keep = [c for c in programme.challenges if c.follows is None][:challenges]
    ids = {c.challenge_id for c in keep}
    small = dataclasses.replace(
        programme,
        challenges=tuple(keep),
        placements=(),
        seats=tuple(s for s in programme.seats if s.challenge_id in ids),
    )
    save_programme(small, folder)
    return folder


def sample_programme(folder: Path, size: str = "S", seed: int = 1) -> Path:
    """A whole generated sample (S: 120 challenges, 600 peers; a solve runs to its limit)."""
    registry = reference_councils(AppSettings().data_dir)
    save_programme(generate_programme(size, seed, registry), folder)
    return folder


def make_settings(home: Path, **overrides) -> ServiceSettings:
    values = {
        "home": home,
        "db_url": None,
        "bootstrap_key": MANAGER_TOKEN,
        "max_jobs": 2,
        "progress_interval_s": 0.2,
    } | overrides
    return ServiceSettings(**values)


def make_keys(client: TestClient) -> dict[str, dict[str, str]]:
    """Headers for manager, labour and conservative group offices, and a viewer."""
    manager = {"X-API-Key": MANAGER_TOKEN}
    headers = {"manager": manager}
    for label, body in (
        ("labour", {"role": "group_office", "group_office": "labour"}),
        ("conservative", {"role": "group_office", "group_office": "conservative"}),
        ("viewer", {"role": "viewer"}),
    ):
        answer = client.post("/api-keys", json={"name": label, **body}, headers=manager)
        assert answer.status_code == 201, answer.text
        headers[label] = {"X-API-Key": answer.json()["token"]}
    return headers


def upload(client: TestClient, path: Path, headers: dict, name: str | None = None) -> int:
    with path.open("rb") as handle:
        answer = client.post(
            "/programmes",
            files={"file": (path.name, handle)},
            data={"name": name} if name else None,
            headers=headers,
        )
    assert answer.status_code == 201, answer.text
    return answer.json()["programme_id"]


def wait_run(
    client: TestClient,
    run_id: str,
    headers: dict,
    timeout: float = 60,
    until: tuple[str, ...] = ("done", "failed", "cancelled"),
) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/runs/{run_id}", headers=headers).json()
        if body["status"] in until:
            return body
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} still {body['status']} after {timeout} s")


def solve(client: TestClient, programme_id: int, headers: dict, **params) -> dict:
    """Submit a run and wait for it to finish; returns the final run."""
    answer = client.post(f"/programmes/{programme_id}/runs", json=params or None, headers=headers)
    assert answer.status_code == 202, answer.text
    return wait_run(client, answer.json()["run_id"], headers)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(home: Path, port: int, log: Path, **env_extra: str) -> subprocess.Popen:
    """`peermatch serve` on loopback, returned once /health answers."""
    env = os.environ | {
        "PEERMATCH_HOME": str(home),
        "PEERMATCH_BOOTSTRAP_KEY": MANAGER_TOKEN,
        **env_extra,
    }
    env.pop("PEERMATCH_DB_URL", None)
    process = subprocess.Popen(
        [
            str(PEERMATCH),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("server did not start in 30 s")


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM (graceful shutdown), then kill after 15 s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        server.kill()
