"""The service on PostgreSQL: its own tables beside the store's, keys, uploads, a job in a
worker, the workflow's partial unique index, the audit log and erasure.

Runs when PEERMATCH_TEST_POSTGRES_URL is set (.ci/postgres.sh), fails under CI=true
without it, like the store's own PostgreSQL tests.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from service_helpers import make_keys, make_settings, solve, upload

from api.app import create_app
from matcher.store.testing import postgres_base_url, postgres_schema

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_client(tmp_path):
    with postgres_schema(postgres_base_url()) as url:
        settings = make_settings(tmp_path / "home", db_url=url)
        with TestClient(create_app(settings)) as client:
            yield client


def test_the_main_flows_on_postgresql(pg_client, data_zips):
    client = pg_client
    keys = make_keys(client)
    assert client.get("/health").json()["database"] == "postgresql"
    pid = upload(client, data_zips["small"], keys["manager"])
    run = solve(client, pid, keys["manager"], time_limit_s=20)
    seats = run["summary"]["counts"]["seats"]
    assert run["status"] == "done" and run["summary"]["counts"]["filled"] == seats
    made = client.post(f"/runs/{run['run_id']}/proposals", headers=keys["manager"]).json()
    assert made["created"] == seats
    again = client.post(f"/runs/{run['run_id']}/proposals", headers=keys["manager"]).json()
    assert again["created"] == 0  # the partial unique index and the clash check agree
    seat = client.get(f"/programmes/{pid}/placements", headers=keys["labour"]).json()["items"]
    if seat:
        moved = client.post(
            f"/placements/{seat[0]['placement_id']}/approve", headers=keys["labour"]
        )
        assert moved.json()["state"] == "approved"
    victim = client.get(run["links"]["assignments"], headers=keys["manager"]).json()
    peer_id = victim["items"][0]["peer_id"]
    erased = client.delete(f"/peers/{peer_id}", headers=keys["manager"]).json()
    assert erased["counts"]["peers"] == 1 and erased["counts"]["workflow_placements"] >= 1
    log = client.get("/audit", params={"action": "erase"}, headers=keys["manager"]).json()
    assert log["total"] == 1
