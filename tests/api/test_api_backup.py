"""`peermatch backup` / `restore` (issue 14): a round trip taken while the service runs a
job, restored into a fresh home and served again; PostgreSQL through pg_dump/pg_restore."""

from __future__ import annotations

import os
import stat
import subprocess

import httpx
import pytest
from service_helpers import (
    MANAGER_TOKEN,
    PEERMATCH,
    TINY,
    free_port,
    start_server,
    stop_server,
    zip_folder,
)
from test_api_restart import wait_status

from matcher.io import load_programme
from matcher.store import Store
from matcher.store.backup import backup, restore
from matcher.store.testing import postgres_base_url, postgres_schema


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PEERMATCH_DB_URL", None)
    return subprocess.run(
        [str(PEERMATCH), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_backup_while_a_job_runs_and_restore(tmp_path, data_zips):
    home, port = tmp_path / "home", free_port()
    server = start_server(home, port, tmp_path / "server.log")
    copy = tmp_path / "backups" / "peermatch.db"
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", timeout=60, headers={"X-API-Key": MANAGER_TOKEN}
        ) as client:
            with data_zips["S"].open("rb") as handle:
                pid = client.post("/programmes", files={"file": ("S.zip", handle)}).json()[
                    "programme_id"
                ]
            run_id = client.post(f"/programmes/{pid}/runs", json={"time_limit_s": 120}).json()[
                "run_id"
            ]
            wait_status(client, run_id, {"running"}, 60)
            made = _cli("backup", str(copy), "--home", str(home))
            assert made.returncode == 0, made.stderr
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600
            with zip_folder(TINY, tmp_path / "tiny.zip").open("rb") as handle:  # after the backup
                assert client.post("/programmes", files={"file": ("t.zip", handle)}).is_success
            assert client.delete(f"/runs/{run_id}").is_success
    finally:
        stop_server(server)
    restored_home = tmp_path / "restored"
    done = _cli("restore", str(copy), "--home", str(restored_home), "--yes")
    assert done.returncode == 0, done.stderr
    server = start_server(restored_home, port, tmp_path / "server2.log")
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", timeout=60, headers={"X-API-Key": MANAGER_TOKEN}
        ) as client:
            programmes = client.get("/programmes").json()
            assert [p["programme_id"] for p in programmes] == [pid]
            assert programmes[0]["challenge_count"] == 120
            assert client.get(f"/runs/{run_id}").json()["status"] == "failed"  # was running
            assert len(client.get(f"/programmes/{pid}/peers").json()["items"]) > 0
    finally:
        stop_server(server)


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    done = _cli("restore", str(junk), "--home", str(tmp_path / "h"), "--yes")
    assert done.returncode == 1 and "not a" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.postgres
def test_postgresql_round_trip_with_its_own_tools(tmp_path):
    with postgres_schema(postgres_base_url()) as url:
        with Store.open(url) as store:
            pid = store.save_programme(load_programme(TINY, tmp_path), "tiny")
            backup(url, tmp_path / "pg.dump")
            store.delete_programme(pid)
            assert store.list_programmes() == []
        restore(url, tmp_path / "pg.dump")
        with Store.open(url) as store:
            assert [p.programme_id for p in store.list_programmes()] == [pid]
