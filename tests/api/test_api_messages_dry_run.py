"""Dry-run mode (the default): messages are recorded in the outbox, none is sent."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from peer_year_helpers import T0, dispatch, set_clock, smtp_fixture  # noqa: F401 (`smtp`)
from service_helpers import make_keys, make_settings, upload, zip_folder
from tiny_variants import tiny_for_workflow

from api.app import create_app
from matcher.messages import MailSettings


@pytest.fixture
def settings(tmp_path, smtp):
    mail = MailSettings(port=smtp[0], group_offices={"labour": "lab@example.org"}, interval_s=0)
    assert mail.dry_run  # the default
    return make_settings(tmp_path / "home", mail=mail)


def test_dry_run_records_and_sends_nothing(client, keys, year_id, smtp):
    set_clock(client, T0)
    answer = client.post(
        f"/programmes/{year_id}/placements",
        json={"challenge_id": "C1", "seat_id": "lead_member", "peer_id": "P1"},
        headers=keys["manager"],
    )
    assert answer.status_code == 201
    assert dispatch(client, keys["manager"]) == {"recorded": 1}
    assert smtp[1].messages == []
    [message] = client.get("/outbox", headers=keys["manager"]).json()["items"]
    assert message["status"] == "recorded" and message["recipient"] == "lab@example.org"


def test_the_service_sends_what_is_due_on_its_own(tmp_path):
    """The sweep thread runs every `interval_s` seconds on the service clock."""
    mail = MailSettings(interval_s=0.2)
    with TestClient(create_app(make_settings(tmp_path / "home", mail=mail))) as client:
        keys = make_keys(client)
        year = tiny_for_workflow(tmp_path / "year")
        pid = upload(client, zip_folder(year, tmp_path / "year.zip"), keys["manager"])
        body = {"challenge_id": "C1", "seat_id": "lead_member", "peer_id": "P1"}
        client.post(f"/programmes/{pid}/placements", json=body, headers=keys["manager"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if client.get("/outbox", headers=keys["manager"]).json()["total"]:
                break
            time.sleep(0.1)
        [message] = client.get("/outbox", headers=keys["manager"]).json()["items"]
        assert message["kind"] == "proposed" and message["status"] == "no_address"
